import 'server-only';
import { FileBlobStore } from '@medrank/storage';
import { env } from '@/env';

export const blobs = () => new FileBlobStore(env().BLOB_ROOT);
