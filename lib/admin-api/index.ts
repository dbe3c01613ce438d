export type { AdminApi, CallOptions, JobSettingsFields, JobsPage, ListJobsParams } from './port';
export {
  AdminApiError,
  NOT_ALLOWED_CODES,
  isAbortError,
  isAdminApiError,
  isTransient,
  failureReason,
  toErrorInfo,
  type AdminApiErrorDetail,
  type AdminApiErrorKind,
  type ErrorInfo,
  type NotAllowedCode,
  type NotAllowedDetails,
} from './errors';
export {
  API_PREFIX,
  backoffDelay,
  createHttpAdminApi,
  newIdempotencyKey,
  parseRetryAfter,
  type HttpAdminApi,
  type HttpAdminApiConfig,
} from './http';
export { createLimiter, type Limiter } from './limit';
export {
  JobSchema,
  JobsPageSchema,
  SessionSchema,
  parseJob,
  parseJobsPage,
  parseSession,
} from './schemas';
