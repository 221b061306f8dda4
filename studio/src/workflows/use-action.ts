import { useMessage } from 'naive-ui';
import { ref } from 'vue';
import { errorText } from '../ui/use-loader';

/**
 * A button's action with feedback: `busy` while it runs, then a success message (the text
 * `done` gives for the task's result) or the error.
 */
export function useAction() {
  const message = useMessage();
  const busy = ref(false);
  async function act<T>(task: () => Promise<T>, done: (result: T) => string): Promise<T | undefined> {
    busy.value = true;
    try {
      const result = await task();
      message.success(done(result));
      return result;
    } catch (e) {
      message.error(errorText(e));
      return undefined;
    } finally {
      busy.value = false;
    }
  }
  return { busy, act };
}
