import { adminServerFunctionNames, type AdminServerApi } from './admin-server-api';
import { bulkRunServerFunctionNames, type BulkRunServerApi } from './bulk-run-contract';
import { sidebarServerFunctionNames, type SidebarServerApi } from './sidebar-server-api';

/** Every add-on server function a page may call through `google.script.run`. */
export interface ServerApi extends SidebarServerApi, AdminServerApi, BulkRunServerApi {}

export const serverApiFunctionNames = [...sidebarServerFunctionNames, ...adminServerFunctionNames, ...bulkRunServerFunctionNames] as const;
