/**
 * kms as a library: the AWS Encryption SDK message format (streams, files, keyrings) and the
 * KMSClient factory for the local and AWS backends. See README.md §Library and FORMAT.md.
 */
export * from './lib/envelope/index.js'
export {createKmsClient, type Backend, type ClientOptions} from './lib/clients.js'
export {KmsError, IntegrityError, UsageError, ExitCode} from './lib/errors.js'
