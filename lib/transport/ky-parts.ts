/**
 * What chatwire uses of ky, in one module loaded on the first request ({@link loadKy}): ky's default
 * instance and the predicates that tell its errors apart. Naming them here, rather than loading ky's whole
 * module, lets a bundler leave out the rest of ky.
 */
export { default as ky, isForceRetryError, isHTTPError, isTimeoutError } from "ky";
