// Theme colours of VS Code's built-in Light+, Dark+ and High Contrast (dark) themes, applied the
// way VS Code applies them to a webview: variables on <html>, a theme class on <body>.
// A representative subset: the variables the gallery uses plus their usual neighbours.
(function () {
  const font = {
    'font-family': '-apple-system, BlinkMacSystemFont, "Segoe WPC", "Segoe UI", "Ubuntu", "Droid Sans", sans-serif',
    'font-size': '13px',
    'font-weight': 'normal',
    'editor-font-family': 'Menlo, Monaco, "Courier New", monospace',
  };
  const themes = {
    light: {
      bodyClass: 'vscode-light',
      kind: 'vscode-light',
      colors: {
        'editor-background': '#ffffff',
        'editor-foreground': '#000000',
        foreground: '#616161',
        descriptionForeground: '#717171',
        errorForeground: '#a1260d',
        focusBorder: '#0090f1',
        'icon-foreground': '#424242',
        'button-background': '#007acc',
        'button-foreground': '#ffffff',
        'button-hoverBackground': '#0062a3',
        'button-secondaryBackground': '#5f6a79',
        'button-secondaryForeground': '#ffffff',
        'button-secondaryHoverBackground': '#4c5561',
        'badge-background': '#c4c4c4',
        'badge-foreground': '#333333',
        'editorWidget-background': '#f3f3f3',
        'editorWidget-border': '#c8c8c8',
        'widget-shadow': 'rgba(0, 0, 0, 0.16)',
        'panel-border': 'rgba(128, 128, 128, 0.35)',
        'editorWarning-foreground': '#bf8803',
        'inputValidation-warningBackground': '#f6f5d2',
        'inputValidation-warningBorder': '#b89500',
        'inputValidation-errorBackground': '#f2dede',
        'inputValidation-errorBorder': '#be1100',
        'progressBar-background': '#0e70c0',
        'toolbar-hoverBackground': 'rgba(184, 184, 184, 0.31)',
        'testing-iconPassed': '#388a34',
        'charts-green': '#388a34',
        'textLink-foreground': '#006ab1',
        'scrollbarSlider-background': 'rgba(100, 100, 100, 0.4)',
      },
    },
    dark: {
      bodyClass: 'vscode-dark',
      kind: 'vscode-dark',
      colors: {
        'editor-background': '#1e1e1e',
        'editor-foreground': '#d4d4d4',
        foreground: '#cccccc',
        descriptionForeground: 'rgba(204, 204, 204, 0.7)',
        errorForeground: '#f48771',
        focusBorder: '#007fd4',
        'icon-foreground': '#c5c5c5',
        'button-background': '#0e639c',
        'button-foreground': '#ffffff',
        'button-hoverBackground': '#1177bb',
        'button-secondaryBackground': '#3a3d41',
        'button-secondaryForeground': '#ffffff',
        'button-secondaryHoverBackground': '#45494e',
        'badge-background': '#4d4d4d',
        'badge-foreground': '#ffffff',
        'editorWidget-background': '#252526',
        'editorWidget-border': '#454545',
        'widget-shadow': 'rgba(0, 0, 0, 0.36)',
        'panel-border': 'rgba(128, 128, 128, 0.35)',
        'editorWarning-foreground': '#cca700',
        'inputValidation-warningBackground': '#352a05',
        'inputValidation-warningBorder': '#b89500',
        'inputValidation-errorBackground': '#5a1d1d',
        'inputValidation-errorBorder': '#be1100',
        'progressBar-background': '#0e70c0',
        'toolbar-hoverBackground': 'rgba(90, 93, 94, 0.31)',
        'testing-iconPassed': '#73c991',
        'charts-green': '#89d185',
        'textLink-foreground': '#3794ff',
        'scrollbarSlider-background': 'rgba(121, 121, 121, 0.4)',
      },
    },
    'high-contrast': {
      bodyClass: 'vscode-high-contrast',
      kind: 'vscode-high-contrast',
      colors: {
        'editor-background': '#000000',
        'editor-foreground': '#ffffff',
        foreground: '#ffffff',
        descriptionForeground: 'rgba(255, 255, 255, 0.7)',
        errorForeground: '#f48771',
        focusBorder: '#f38518',
        contrastBorder: '#6fc3df',
        contrastActiveBorder: '#f38518',
        'icon-foreground': '#ffffff',
        'button-background': '#000000',
        'button-foreground': '#ffffff',
        'button-border': '#6fc3df',
        'button-secondaryBackground': '#000000',
        'button-secondaryForeground': '#ffffff',
        'badge-background': '#000000',
        'badge-foreground': '#ffffff',
        'editorWidget-background': '#0c141f',
        'editorWidget-border': '#6fc3df',
        'widget-border': '#6fc3df',
        'panel-border': '#6fc3df',
        'editorWarning-foreground': '#fff500',
        'inputValidation-warningBackground': '#000000',
        'inputValidation-warningBorder': '#6fc3df',
        'inputValidation-errorBackground': '#000000',
        'inputValidation-errorBorder': '#6fc3df',
        'progressBar-background': '#6fc3df',
        'testing-iconPassed': '#73c991',
        'charts-green': '#89d185',
        'textLink-foreground': '#21a6ff',
        'scrollbarSlider-background': 'rgba(111, 195, 223, 0.6)',
      },
    },
  };

  window.applyPreviewTheme = function (name) {
    const theme = themes[name] || themes.dark;
    const root = document.documentElement;
    for (const [key, value] of Object.entries(font)) {
      root.style.setProperty(`--vscode-${key}`, value);
    }
    for (const [key, value] of Object.entries(theme.colors)) {
      root.style.setProperty(`--vscode-${key}`, value);
    }
    const apply = () => {
      document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
      document.body.classList.add(theme.bodyClass);
      document.body.dataset.vscodeThemeKind = theme.kind;
    };
    if (document.body) {
      apply();
    } else {
      document.addEventListener('DOMContentLoaded', apply, { once: true });
    }
  };
})();
