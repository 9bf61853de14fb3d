CREATE TYPE "public"."policy_kind" AS ENUM('recording', 'confidentiality', 'privacy');--> statement-breakpoint
CREATE TYPE "public"."recording_allowed" AS ENUM('yes', 'on_request', 'never');--> statement-breakpoint
CREATE TYPE "public"."recording_request_openers" AS ENUM('client', 'therapist', 'both');--> statement-breakpoint
CREATE TABLE "policy_acknowledgements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"content_sha256" text NOT NULL,
	"acknowledged_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"kind" "policy_kind" NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"base_version_id" uuid,
	"updated_by_id" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practice_id" uuid NOT NULL,
	"kind" "policy_kind" NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"content_sha256" text NOT NULL,
	"effective_on" date NOT NULL,
	"change_summary" text NOT NULL,
	"published_by_id" uuid NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "practice_recording_settings" (
	"practice_id" uuid PRIMARY KEY NOT NULL,
	"allowed" "recording_allowed" DEFAULT 'on_request' NOT NULL,
	"method_client_upload" boolean DEFAULT true NOT NULL,
	"method_client_device" boolean DEFAULT true NOT NULL,
	"method_therapist_records" boolean DEFAULT false NOT NULL,
	"max_retention_days" integer DEFAULT 90 NOT NULL,
	"max_upload_mb" integer DEFAULT 500 NOT NULL,
	"request_openers" "recording_request_openers" DEFAULT 'both' NOT NULL,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recording_retention_range" CHECK ("practice_recording_settings"."max_retention_days" between 1 and 3650),
	CONSTRAINT "recording_upload_range" CHECK ("practice_recording_settings"."max_upload_mb" between 1 and 5000)
);
--> statement-breakpoint
ALTER TABLE "practices" ADD COLUMN "country" text;--> statement-breakpoint
ALTER TABLE "practices" ADD COLUMN "region" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "country" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "region" text;--> statement-breakpoint
ALTER TABLE "policy_acknowledgements" ADD CONSTRAINT "policy_acknowledgements_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_acknowledgements" ADD CONSTRAINT "policy_acknowledgements_version_id_policy_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."policy_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_drafts" ADD CONSTRAINT "policy_drafts_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_drafts" ADD CONSTRAINT "policy_drafts_base_version_id_policy_versions_id_fk" FOREIGN KEY ("base_version_id") REFERENCES "public"."policy_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_drafts" ADD CONSTRAINT "policy_drafts_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_published_by_id_users_id_fk" FOREIGN KEY ("published_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_recording_settings" ADD CONSTRAINT "practice_recording_settings_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_recording_settings" ADD CONSTRAINT "practice_recording_settings_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "policy_acknowledgements_user_version_idx" ON "policy_acknowledgements" USING btree ("user_id","version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_drafts_kind_idx" ON "policy_drafts" USING btree ("practice_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_versions_kind_version_idx" ON "policy_versions" USING btree ("practice_id","kind","version");