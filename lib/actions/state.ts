/** What every form action returns to `useActionState`. Shared by server actions and client forms. */
export interface ActionState {
  ok?: boolean;
  message?: string;
  errors?: Record<string, string[] | undefined>;
  /** The non-secret values the user typed, so a refused form keeps them. */
  values?: Record<string, string>;
  /** Anything else the form shows next: a sign-in challenge, new recovery codes. */
  data?: Record<string, string | string[]>;
}

export const initialActionState: ActionState = {};
