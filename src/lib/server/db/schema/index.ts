export * from './auth';
export * from './customers';
export * from './technicians';
export * from './realtime';
