import { computed, onBeforeUnmount, type Ref, ref, shallowRef, watch } from 'vue';

export interface VirtualRowsOptions {
  /** Every row's height in pixels: fixed, so no row is ever measured. */
  rowHeight: number;
  /** Pixels above the first row inside the scroller (a sticky header). */
  offset: number;
  /** Rows drawn beyond each edge of the viewport. */
  overscan: number;
  /** Rows left below the viewport at which `onNearEnd` asks for the next page. */
  ahead: number;
  onNearEnd: () => void;
}

/**
 * Which rows of `count` a scroller shows: only those (plus `overscan`) are drawn, each placed by
 * its index times the fixed height. The scroll handler reads `scrollTop` and nothing else (no
 * layout read while scrolling); the viewport's height comes from a ResizeObserver. The window
 * is a pair of numbers, so a scroll within the same rows re-renders nothing.
 */
export function useVirtualRows(scroller: Ref<HTMLElement | null>, count: Ref<number>, options: VirtualRowsOptions) {
  const viewport = ref(0);
  const first = ref(0);
  const last = ref(0);
  const observed = shallowRef<HTMLElement | null>(null);
  const resize = new ResizeObserver((entries) => {
    for (const entry of entries) viewport.value = entry.contentRect.height;
    update();
  });

  function update(): void {
    const el = scroller.value;
    if (!el) return;
    const top = Math.max(0, el.scrollTop - options.offset);
    const from = Math.floor(top / options.rowHeight);
    const to = Math.ceil((top + viewport.value) / options.rowHeight);
    first.value = Math.max(0, from - options.overscan);
    last.value = Math.min(count.value, to + options.overscan);
    if (count.value - to < options.ahead) options.onNearEnd();
  }

  watch(
    scroller,
    (el) => {
      observed.value?.removeEventListener('scroll', update);
      if (observed.value) resize.unobserve(observed.value);
      observed.value = el;
      if (!el) return;
      el.addEventListener('scroll', update, { passive: true });
      resize.observe(el);
    },
    { immediate: true, flush: 'post' },
  );
  watch(count, update, { flush: 'post' });
  onBeforeUnmount(() => {
    observed.value?.removeEventListener('scroll', update);
    resize.disconnect();
  });

  return {
    first: computed(() => first.value),
    last: computed(() => last.value),
    /** The height all rows take, for the scroller's spacer. */
    height: computed(() => count.value * options.rowHeight),
  };
}
