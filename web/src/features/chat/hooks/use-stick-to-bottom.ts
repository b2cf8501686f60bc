import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

// Within this many pixels of the end counts as "at the end" (a wheel tick is about 100).
const NEAR_BOTTOM_PX = 64;

/**
 * Keeps a scrolling container at its end while its content grows (a streamed answer), until the
 * person scrolls up; scrolling back down, or `toBottom()`, follows the end again.
 */
export function useStickToBottom(
  scroller: RefObject<HTMLElement | null>,
  content: RefObject<HTMLElement | null>,
) {
  const stuck = useRef(true);
  const [atBottom, setAtBottom] = useState(true);

  const toBottom = useCallback(
    (behavior: ScrollBehavior = 'auto') => {
      const element = scroller.current;
      stuck.current = true;
      setAtBottom(true);
      element?.scrollTo({ top: element.scrollHeight, behavior });
    },
    [scroller],
  );

  useEffect(() => {
    const element = scroller.current;
    const inner = content.current;
    if (!element || !inner) {
      return undefined;
    }
    let lastTop = element.scrollTop;
    const onScroll = () => {
      const distance = element.scrollHeight - element.scrollTop - element.clientHeight;
      const near = distance <= NEAR_BOTTOM_PX;
      // Moving up is the person's doing (content only grows downwards): stop following.
      if (element.scrollTop < lastTop - 2 && !near) {
        stuck.current = false;
      } else if (near) {
        stuck.current = true;
      }
      lastTop = element.scrollTop;
      setAtBottom(near);
    };
    const follow = new ResizeObserver(() => {
      if (stuck.current) {
        element.scrollTop = element.scrollHeight;
        lastTop = element.scrollTop;
      }
    });
    follow.observe(inner);
    follow.observe(element);
    element.addEventListener('scroll', onScroll, { passive: true });
    element.scrollTop = element.scrollHeight;
    return () => {
      follow.disconnect();
      element.removeEventListener('scroll', onScroll);
    };
  }, [scroller, content]);

  return { atBottom, toBottom };
}
