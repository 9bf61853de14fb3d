CREATE TYPE "public"."file_kind" AS ENUM('document', 'worksheet', 'image', 'recording', 'other');--> statement-breakpoint
CREATE TYPE "public"."file_removal_reason" AS ENUM('deleted_by_uploader', 'consent_withdrawn', 'retention_ended', 'malware_found', 'not_scannable');--> statement-breakpoint
CREATE TYPE "public"."file_status" AS ENUM('scanning', 'available', 'unscanned', 'blocked', 'deleted');--> statement-breakpoint
CREATE TABLE "file_uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"care_relationship_id" uuid NOT NULL,
	"uploaded_by_id" uuid NOT NULL,
	"kind" "file_kind" NOT NULL,
	"declared_length" bigint,
	"received_bytes" bigint DEFAULT 0 NOT NULL,
	"name_sealed" text NOT NULL,
	"note_sealed" text,
	"key_id" text NOT NULL,
	"wrapped_key" text NOT NULL,
	"segments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tail_sealed" text,
	"media_type" text,
	"recording_request_id" uuid,
	"appointment_id" uuid,
	"row_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"file_id" uuid
);
--> statement-breakpoint
CREATE TABLE "shared_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"care_relationship_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"therapist_id" uuid NOT NULL,
	"uploaded_by_id" uuid NOT NULL,
	"kind" "file_kind" NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"label" text NOT NULL,
	"name_sealed" text NOT NULL,
	"note_sealed" text,
	"key_id" text,
	"wrapped_key" text,
	"segments" jsonb NOT NULL,
	"status" "file_status" NOT NULL,
	"scanned_at" timestamp with time zone,
	"recording_request_id" uuid,
	"appointment_id" uuid,
	"delete_after" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_reason" "file_removal_reason",
	"removed_by_id" uuid,
	CONSTRAINT "shared_files_removed_has_no_key" CHECK ("shared_files"."removed_at" is null or "shared_files"."wrapped_key" is null)
);
--> statement-breakpoint
ALTER TABLE "file_uploads" ADD CONSTRAINT "file_uploads_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_uploads" ADD CONSTRAINT "file_uploads_care_relationship_id_care_relationships_id_fk" FOREIGN KEY ("care_relationship_id") REFERENCES "public"."care_relationships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_uploads" ADD CONSTRAINT "file_uploads_uploaded_by_id_users_id_fk" FOREIGN KEY ("uploaded_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_uploads" ADD CONSTRAINT "file_uploads_recording_request_id_recording_requests_id_fk" FOREIGN KEY ("recording_request_id") REFERENCES "public"."recording_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_uploads" ADD CONSTRAINT "file_uploads_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "file_uploads" ADD CONSTRAINT "file_uploads_file_id_shared_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."shared_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_files" ADD CONSTRAINT "shared_files_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_files" ADD CONSTRAINT "shared_files_care_relationship_id_care_relationships_id_fk" FOREIGN KEY ("care_relationship_id") REFERENCES "public"."care_relationships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_files" ADD CONSTRAINT "shared_files_client_id_users_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_files" ADD CONSTRAINT "shared_files_therapist_id_users_id_fk" FOREIGN KEY ("therapist_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_files" ADD CONSTRAINT "shared_files_uploaded_by_id_users_id_fk" FOREIGN KEY ("uploaded_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_files" ADD CONSTRAINT "shared_files_recording_request_id_recording_requests_id_fk" FOREIGN KEY ("recording_request_id") REFERENCES "public"."recording_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_files" ADD CONSTRAINT "shared_files_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_files" ADD CONSTRAINT "shared_files_removed_by_id_users_id_fk" FOREIGN KEY ("removed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "file_uploads_expires_idx" ON "file_uploads" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "file_uploads_uploader_idx" ON "file_uploads" USING btree ("uploaded_by_id");--> statement-breakpoint
CREATE INDEX "shared_files_care_idx" ON "shared_files" USING btree ("care_relationship_id","created_at");--> statement-breakpoint
CREATE INDEX "shared_files_request_idx" ON "shared_files" USING btree ("recording_request_id");--> statement-breakpoint
CREATE INDEX "shared_files_retention_idx" ON "shared_files" USING btree ("delete_after") WHERE "shared_files"."removed_at" is null;