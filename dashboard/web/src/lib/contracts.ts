// The types the dashboard shares with its server, declared once in core. Core's index does not re-export
// its api/ and shortfall folders yet (the server reaches in the same way, in dashboard/server/src/api.ts);
// once it does, this file becomes `export * from '@louyu/core'` and nothing else changes.
export * from '../../../../core/src/api/index.ts';
export * from '../../../../core/src/rules/shortfalls/types.ts';
