// A dialog's view of the task it started (pull, push, build): the task's live progress from the activity store, its time ticking while it runs.
import { useNowWhile } from '../../lib/useNow.js';
import { useStore } from '../../store/index.js';
import { TaskView } from '../activity/ActivityPanel.js';

export function useTask(id: string | undefined) {
  return useStore((s) => (id ? s.tasks.find((t) => t.id === id) : undefined));
}

export function LiveTask({ id }: { id: string | undefined }) {
  const task = useTask(id);
  const now = useNowWhile(task?.state === 'running', 1000);
  return task ? <TaskView task={task} now={task.endedAt ?? now} /> : null;
}
