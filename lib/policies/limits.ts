/** Lengths shared by the server's checks and the editor's inputs. */
export const TITLE_MAX = 200;
export const BODY_MAX = 100_000;
export const SUMMARY_MAX = 500;
