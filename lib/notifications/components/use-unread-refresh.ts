'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ActionState } from '@/lib/actions/state';
import { UNREAD_QUERY_KEY } from '../model';

/** After an action that changed what is read, the bell asks for its count at once. */
export function useUnreadRefresh(state: ActionState) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (state.ok) void queryClient.invalidateQueries({ queryKey: UNREAD_QUERY_KEY });
  }, [state, queryClient]);
}
