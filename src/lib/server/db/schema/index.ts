export * from './auth';
export * from './geo';
export * from './customers';
export * from './technicians';
export * from './equipment';
export * from './contracts';
export * from './integrations';
export * from './realtime';
