import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The package root, found from this file whether it runs from src/ (tsx) or dist/ (built). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMAS_DIR = path.join(PACKAGE_ROOT, 'schemas');
