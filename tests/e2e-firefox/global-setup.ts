import { existsSync } from 'node:fs';
import { FIREFOX_EXTENSION_DIR } from './paths';

export default function setup(): void {
  if (!existsSync(`${FIREFOX_EXTENSION_DIR}/manifest.json`)) {
    throw new Error(`No Firefox sandbox build at ${FIREFOX_EXTENSION_DIR}: run \`npm run build:sandbox:firefox\` first (npm test does).`);
  }
}
