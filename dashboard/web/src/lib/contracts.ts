// The types the dashboard shares with its server are declared once in core; pages import them through
// this one module so it is obvious which names are the server contract.
export * from '@louyu/core';
