-- A released between-session episode the therapist took back: when (its audio is destroyed with it).
ALTER TABLE "companion_episodes" ADD COLUMN "withdrawn_at" timestamp with time zone;