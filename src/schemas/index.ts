export * from './common.ts';
export * from './team.ts';
export * from './service.ts';
export * from './checklist.ts';
export * from './runbook.ts';
export * from './change.ts';
export * from './guide.ts';
