import { byId } from '../common/dom';
import { progressText } from './state';

/** The progress bar and its live text ("7 of 20 tags"). */

export function showProgress(finished: number, total: number, label = 'Generating'): void {
  const region = byId('progress');
  const bar = byId<HTMLProgressElement>('progress-bar');
  bar.max = Math.max(total, 1);
  bar.value = Math.min(finished, bar.max);
  byId('progress-text').textContent = `${label}: ${progressText(finished, total)}`;
  region.hidden = false;
}

export function hideProgress(): void {
  byId('progress').hidden = true;
}
