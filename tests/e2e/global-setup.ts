import { existsSync } from 'node:fs';
import { EXTENSION_DIR } from './paths';

export default function setup(): void {
  if (!existsSync(`${EXTENSION_DIR}/manifest.json`)) {
    throw new Error(`No sandbox build at ${EXTENSION_DIR}: run \`npm run build:sandbox\` first (npm test does).`);
  }
}
