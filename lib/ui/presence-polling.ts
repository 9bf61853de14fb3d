'use client';

import { useEffect } from 'react';

const PRESENCE_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'scroll', 'touchstart'] as const;

/**
 * Calls `refetch` every `intervalMs`, but only while the tab is visible and the person has touched the page since the
 * last call: each request renews the session, so polling an unattended screen would keep it signed in past the
 * practice's idle timeout.
 */
export function usePollWhilePresent(refetch: () => unknown, intervalMs: number) {
  useEffect(() => {
    let present = false;
    const notice = () => {
      present = true;
    };
    const options = { passive: true, capture: true };
    for (const event of PRESENCE_EVENTS) window.addEventListener(event, notice, options);
    const timer = window.setInterval(() => {
      if (!present || document.visibilityState !== 'visible') return;
      present = false;
      void refetch();
    }, intervalMs);
    return () => {
      window.clearInterval(timer);
      for (const event of PRESENCE_EVENTS) window.removeEventListener(event, notice, options);
    };
  }, [refetch, intervalMs]);
}
