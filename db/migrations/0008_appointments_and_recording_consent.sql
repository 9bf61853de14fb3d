CREATE TYPE "public"."appointment_channel" AS ENUM('in_person', 'telehealth');--> statement-breakpoint
CREATE TYPE "public"."appointment_status" AS ENUM('scheduled', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."consent_party" AS ENUM('client', 'therapist');--> statement-breakpoint
CREATE TYPE "public"."recording_request_state" AS ENUM('discussing', 'awaiting_signatures', 'active', 'declined', 'withdrawn', 'ended');--> statement-breakpoint
CREATE TYPE "public"."session_recording_answer" AS ENUM('yes', 'not_this_time');--> statement-breakpoint
CREATE TABLE "appointments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"care_relationship_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"therapist_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"channel" "appointment_channel" NOT NULL,
	"status" "appointment_status" DEFAULT 'scheduled' NOT NULL,
	"cancelled_at" timestamp with time zone,
	"created_by_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointments_duration_range" CHECK ("appointments"."duration_minutes" between 5 and 600)
);
--> statement-breakpoint
CREATE TABLE "recording_message_reads" (
	"request_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"last_read_at" timestamp with time zone NOT NULL,
	CONSTRAINT "recording_message_reads_request_id_user_id_pk" PRIMARY KEY("request_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "recording_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"body_sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recording_request_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"actor_id" uuid,
	"type" text NOT NULL,
	"from_state" "recording_request_state",
	"to_state" "recording_request_state" NOT NULL,
	"terms_version" integer NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recording_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"care_relationship_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"therapist_id" uuid NOT NULL,
	"opened_by" "consent_party" NOT NULL,
	"state" "recording_request_state" DEFAULT 'discussing' NOT NULL,
	"row_version" integer DEFAULT 1 NOT NULL,
	"limits" jsonb NOT NULL,
	"terms_version" integer DEFAULT 1 NOT NULL,
	"terms_sealed" text NOT NULL,
	"terms_sha256" text NOT NULL,
	"ticks" jsonb NOT NULL,
	"therapist_preferences_sealed" text,
	"alternatives" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"outcome_sealed" text,
	"activated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recording_signatures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"party" "consent_party" NOT NULL,
	"signer_id" uuid NOT NULL,
	"terms_version" integer NOT NULL,
	"terms_sha256" text NOT NULL,
	"policies" jsonb NOT NULL,
	"full_name_sealed" text NOT NULL,
	"factors" text NOT NULL,
	"ip" text NOT NULL,
	"user_agent" text,
	"signed_at" timestamp with time zone NOT NULL,
	"voided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "session_recording_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL,
	"answer" "session_recording_answer" NOT NULL,
	"answered_by_id" uuid NOT NULL,
	"answered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_care_relationship_id_care_relationships_id_fk" FOREIGN KEY ("care_relationship_id") REFERENCES "public"."care_relationships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_client_id_users_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_therapist_id_users_id_fk" FOREIGN KEY ("therapist_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recording_message_reads" ADD CONSTRAINT "recording_message_reads_request_id_recording_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."recording_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recording_message_reads" ADD CONSTRAINT "recording_message_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recording_messages" ADD CONSTRAINT "recording_messages_request_id_recording_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."recording_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recording_messages" ADD CONSTRAINT "recording_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recording_request_events" ADD CONSTRAINT "recording_request_events_request_id_recording_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."recording_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recording_request_events" ADD CONSTRAINT "recording_request_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recording_requests" ADD CONSTRAINT "recording_requests_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recording_requests" ADD CONSTRAINT "recording_requests_care_relationship_id_care_relationships_id_fk" FOREIGN KEY ("care_relationship_id") REFERENCES "public"."care_relationships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recording_requests" ADD CONSTRAINT "recording_requests_client_id_users_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recording_requests" ADD CONSTRAINT "recording_requests_therapist_id_users_id_fk" FOREIGN KEY ("therapist_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recording_signatures" ADD CONSTRAINT "recording_signatures_request_id_recording_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."recording_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recording_signatures" ADD CONSTRAINT "recording_signatures_signer_id_users_id_fk" FOREIGN KEY ("signer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_recording_answers" ADD CONSTRAINT "session_recording_answers_request_id_recording_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."recording_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_recording_answers" ADD CONSTRAINT "session_recording_answers_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_recording_answers" ADD CONSTRAINT "session_recording_answers_answered_by_id_users_id_fk" FOREIGN KEY ("answered_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appointments_therapist_idx" ON "appointments" USING btree ("therapist_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_client_idx" ON "appointments" USING btree ("client_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_scheduled_start_idx" ON "appointments" USING btree ("care_relationship_id","starts_at") WHERE "appointments"."status" = 'scheduled';--> statement-breakpoint
CREATE INDEX "recording_messages_request_idx" ON "recording_messages" USING btree ("request_id","created_at");--> statement-breakpoint
CREATE INDEX "recording_request_events_request_idx" ON "recording_request_events" USING btree ("request_id","at");--> statement-breakpoint
CREATE INDEX "recording_requests_practice_idx" ON "recording_requests" USING btree ("practice_id","state");--> statement-breakpoint
CREATE INDEX "recording_requests_therapist_idx" ON "recording_requests" USING btree ("therapist_id","state");--> statement-breakpoint
CREATE INDEX "recording_requests_client_idx" ON "recording_requests" USING btree ("client_id","state");--> statement-breakpoint
CREATE UNIQUE INDEX "recording_requests_open_idx" ON "recording_requests" USING btree ("care_relationship_id") WHERE "recording_requests"."state" in ('discussing', 'awaiting_signatures', 'active');--> statement-breakpoint
CREATE INDEX "recording_signatures_request_idx" ON "recording_signatures" USING btree ("request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "session_recording_answers_unique_idx" ON "session_recording_answers" USING btree ("request_id","appointment_id");