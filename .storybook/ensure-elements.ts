/**
 * Runs before `npm run storybook` / `npm run build-storybook`: the stories' controls come from
 * packages/elements/custom-elements.json, which the elements build writes. Builds it when missing
 * or stale, so Storybook works from a clean clone.
 */
import { ensureElementsBundle } from '../demo/server/elements-bundle.js';

try {
  ensureElementsBundle((line) => console.log(line));
} catch (error) {
  console.error(`storybook: ${(error as Error).message}`);
  process.exit(1);
}
