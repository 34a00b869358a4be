import { adminServerFunctionNames, type AdminServerApi } from './admin-server-api';
import { sidebarServerFunctionNames, type SidebarServerApi } from './sidebar-server-api';

/** Every add-on server function a page may call through `google.script.run`. */
export interface ServerApi extends SidebarServerApi, AdminServerApi {}

export const serverApiFunctionNames = [...sidebarServerFunctionNames, ...adminServerFunctionNames] as const;
