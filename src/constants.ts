/** Public names other things rely on (scripts, menus, tests). Change none of them lightly. */
export const Commands = {
  createVariations: 'fluxRedux.createVariations',
  createVariationsFromResource: 'fluxRedux.createVariationsFromResource',
  setApiKey: 'fluxRedux.setApiKey',
  clearApiKey: 'fluxRedux.clearApiKey',
  showGallery: 'fluxRedux.showGallery',
  showLog: 'fluxRedux.showLog',
  showHistory: 'fluxRedux.showHistory',
  clearHistory: 'fluxRedux.clearHistory',
  savePreset: 'fluxRedux.savePreset',
} as const;

export const GALLERY_VIEW_TYPE = 'fluxRedux.gallery';
/** The *Variations* view in the activity bar (a webview view); `<id>.focus` reveals it. */
export const HISTORY_VIEW_ID = 'fluxRedux.history';
/** The status bar item's click: not in the palette (it is not declared in package.json). */
export const REVEAL_RUNNING_COMMAND = 'fluxRedux.revealRunning';
export const CONFIG_SECTION = 'fluxRedux';
export const SECRET_API_KEY = 'fluxRedux.apiKey';
/** The salt of the upload cache's account tags (src/accountTag.ts); never the key itself. */
export const SECRET_UPLOAD_ACCOUNT_SALT = 'fluxRedux.uploadAccountSalt';
export const API_KEY_ENV_VAR = 'ONEMIN_AI_API_KEY';
export const LOG_CHANNEL_NAME = 'Flux Redux';

/**
 * Context keys set when what a walkthrough step teaches really happens; the steps tick on them
 * (`onContext:` in package.json). `onCommand:` would miss a gallery that opens by itself and the
 * commands the extension runs itself, and would tick on a cancelled command.
 */
export const WalkthroughContextKeys = {
  apiKeySet: 'fluxRedux.walkthrough.apiKeySet',
  runStarted: 'fluxRedux.walkthrough.runStarted',
  galleryShown: 'fluxRedux.walkthrough.galleryShown',
  logShown: 'fluxRedux.walkthrough.logShown',
} as const;
