'use client';

import { useEffect, useRef, useState } from 'react';

/**
 * The second click of a two-click confirmation ("Delete", then "Delete for good"): whether the question is showing,
 * with focus moved to its heading when it opens and back to the button that opened it when it is dismissed, so
 * keyboard and screen-reader users never lose their place.
 */
export function useConfirmStep() {
  const [confirming, setConfirming] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (confirming) headingRef.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      openerRef.current?.focus();
    }
  }, [confirming]);

  return {
    confirming,
    headingRef,
    openerRef,
    open: () => setConfirming(true),
    dismiss: () => {
      returnFocus.current = true;
      setConfirming(false);
    },
  };
}
