// Every keyboard shortcut, in one place: the handlers and the labels shown in the UI.
export const SHORTCUTS = {
  generate: { label: 'Ctrl+Enter', test: (e: KeyboardEvent) => (e.ctrlKey || e.metaKey) && e.key === 'Enter' },
  save: { label: 'Ctrl+S', test: (e: KeyboardEvent) => (e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 's' },
  newProposal: { label: 'Alt+N', test: (e: KeyboardEvent) => e.altKey && !e.ctrlKey && e.key.toLowerCase() === 'n' },
  search: { label: 'Ctrl+K', test: (e: KeyboardEvent) => (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k' },
  cancel: { label: 'Esc', test: (e: KeyboardEvent) => e.key === 'Escape' },
  proposalsView: { label: 'Alt+1', test: (e: KeyboardEvent) => e.altKey && e.key === '1' },
  settingsView: { label: 'Alt+2', test: (e: KeyboardEvent) => e.altKey && e.key === '2' },
  databaseView: { label: 'Alt+3', test: (e: KeyboardEvent) => e.altKey && e.key === '3' },
  dashboardView: { label: 'Alt+4', test: (e: KeyboardEvent) => e.altKey && e.key === '4' },
} as const;

export type ShortcutName = keyof typeof SHORTCUTS;
