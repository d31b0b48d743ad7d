export { createLogger, createSilentLogger } from './logger.js';
export type { Logger } from './logger.js';
export { systemClock, isoNow } from './clock.js';
export type { Clock } from './clock.js';
export { decodeHtmlEntities, htmlToText } from './html-to-text.js';
export { packagePath } from './package-root.js';
export { parseAllowedBlock } from './cidr-block.js';
export type { AllowedBlock } from './cidr-block.js';
