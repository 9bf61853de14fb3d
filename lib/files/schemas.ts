import { z } from 'zod';
import { FILE_NAME_MAX, FILE_NOTE_MAX, UPLOADABLE_KINDS } from './model';

const uuid = z.string().uuid('Choose an item from the list.');

/** What an upload declares about itself (tus Upload-Metadata), after the name has been made safe. */
export const uploadMetadataSchema = z.object({
  space: uuid,
  kind: z.enum(UPLOADABLE_KINDS, { message: 'Choose what kind of file this is.' }),
  filename: z.string().trim().min(1, 'The file needs a name.').max(FILE_NAME_MAX, `Keep the name under ${FILE_NAME_MAX} characters.`),
  note: z
    .string()
    .trim()
    .max(FILE_NOTE_MAX, `Keep the note under ${FILE_NOTE_MAX} characters.`)
    .optional()
    .transform((value) => (value ? value : null)),
  appointment: uuid.optional(),
});

export type UploadMetadata = z.infer<typeof uploadMetadataSchema>;

export const deleteFileSchema = z.object({ fileId: uuid });
