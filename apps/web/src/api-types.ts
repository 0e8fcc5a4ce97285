/**
 * Generated from the server's OpenAPI document by apps/web/scripts/api-types.mjs: do not edit.
 * After changing a route's schema, run `npm run api-types -w @gatehouse/web`.
 */
export interface paths {
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with email and password; sets the session cookie. Throttled per account and per address: 429 with Retry-After */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            email: string;
                            name: string;
                            /** @enum {string} */
                            role: "super_admin" | "connector_admin" | "app_owner" | "campaign_admin" | "read_only" | "basic_user";
                            roleLabel: string;
                            disabled: boolean;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail?: string;
                            retryAfter?: number;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change your own password (the current one is required); your other sessions end, this one stays */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        current: string;
                        new: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            title: string;
                            status: number;
                            detail?: string;
                            retryAfter?: number;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user, with what their role allows (so a UI shows only the actions that will succeed) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            email: string;
                            name: string;
                            /** @enum {string} */
                            role: "super_admin" | "connector_admin" | "app_owner" | "campaign_admin" | "read_only" | "basic_user";
                            roleLabel: string;
                            disabled: boolean;
                            permissions: ("catalog:read" | "apps:admin" | "apps:manage" | "accounts:link" | "audit:read" | "users:read" | "users:manage" | "tasks:read" | "provision" | "settings:manage")[];
                            ownedApps: string[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Platform users (for user managers, and for app managers choosing app owners) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                email: string;
                                name: string;
                                /** @enum {string} */
                                role: "super_admin" | "connector_admin" | "app_owner" | "campaign_admin" | "read_only" | "basic_user";
                                roleLabel: string;
                                disabled: boolean;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a platform user */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        name: string;
                        /** @enum {string} */
                        role: "super_admin" | "connector_admin" | "app_owner" | "campaign_admin" | "read_only" | "basic_user";
                        password?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            email: string;
                            name: string;
                            /** @enum {string} */
                            role: "super_admin" | "connector_admin" | "app_owner" | "campaign_admin" | "read_only" | "basic_user";
                            roleLabel: string;
                            disabled: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a platform user (role, name, disabled, password); a new password or disabling ends the user's sessions */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** @enum {string} */
                        role?: "super_admin" | "connector_admin" | "app_owner" | "campaign_admin" | "read_only" | "basic_user";
                        disabled?: boolean;
                        password?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            email: string;
                            name: string;
                            /** @enum {string} */
                            role: "super_admin" | "connector_admin" | "app_owner" | "campaign_admin" | "read_only" | "basic_user";
                            roleLabel: string;
                            disabled: boolean;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your API tokens (their values are shown only once, at creation) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                name: string;
                                createdAt: string;
                                lastUsedAt: string | null;
                                /** @description when the token stops working; null: it never expires */
                                expiresAt: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an API token with your role; the value is returned once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /**
                         * @description days until the token stops working (default 90, at most 365); null for a token that never expires
                         * @default 90
                         */
                        expiresInDays?: number | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            createdAt: string;
                            lastUsedAt: string | null;
                            /** @description when the token stops working; null: it never expires */
                            expiresAt: string | null;
                            token: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API token */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/apps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Apps with their connector status and counts */
        get: {
            parameters: {
                query?: {
                    managed?: "true" | "false";
                    q?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                name: string;
                                description: string;
                                managed: boolean;
                                isDirectory: boolean;
                                discoveredBy: string | null;
                                externalId: string | null;
                                owners: string[];
                                createdAt: string;
                                updatedAt: string;
                                /** @enum {string} */
                                status: "not_connected" | "syncing" | "connected" | "error";
                                lastSyncAt: string | null;
                                counts: {
                                    accounts: number;
                                    entitlements: number;
                                    grants: number;
                                    inherited: number;
                                };
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a managed app */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        description?: string;
                        owners?: string[];
                        isDirectory?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            description: string;
                            managed: boolean;
                            isDirectory: boolean;
                            discoveredBy: string | null;
                            externalId: string | null;
                            owners: string[];
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/apps/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An app with its connectors */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            description: string;
                            managed: boolean;
                            isDirectory: boolean;
                            discoveredBy: string | null;
                            externalId: string | null;
                            owners: string[];
                            createdAt: string;
                            updatedAt: string;
                            connectors: {
                                id: string;
                                appId: string;
                                type: string;
                                config: {
                                    [key: string]: unknown;
                                };
                                secrets: {
                                    [key: string]: "set" | "not set";
                                };
                                provisioning: boolean;
                                schedule: string;
                                status: string;
                                statusMessage: string | null;
                                lastSyncAt: string | null;
                                owners: string[];
                                createdAt: string;
                                updatedAt: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete an app, its connectors and its catalog */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Edit an app, or turn a discovered app into a managed one (owners and isDirectory: app administrators only) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        description?: string;
                        owners?: string[];
                        isDirectory?: boolean;
                        /** @enum {boolean} */
                        managed?: true;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            description: string;
                            managed: boolean;
                            isDirectory: boolean;
                            discoveredBy: string | null;
                            externalId: string | null;
                            owners: string[];
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/apps/{id}/link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Link a discovered app to an existing managed app (the discovered entry is merged into it) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        appId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            description: string;
                            managed: boolean;
                            isDirectory: boolean;
                            discoveredBy: string | null;
                            externalId: string | null;
                            owners: string[];
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/apps/{id}/directory-assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who the directory assigns this app to */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                principalType: string;
                                principalId: string;
                                direct: boolean;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connector-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Connector types with their config schemas */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                type: string;
                                displayName: string;
                                description: string;
                                capabilities: {
                                    [key: string]: string[];
                                };
                                resourceTypes: {
                                    id: string;
                                    displayName: string;
                                    traits: string[];
                                    description?: string;
                                }[];
                                fields: {
                                    key: string;
                                    kind: string;
                                    required: boolean;
                                    default?: unknown;
                                    choices?: string[];
                                    secret: boolean;
                                    description?: string;
                                    example?: string;
                                }[];
                                jsonSchema: {
                                    [key: string]: unknown;
                                };
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/apps/{id}/connectors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Attach a connector to an app (secrets are write-only) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        type: string;
                        config: {
                            [key: string]: unknown;
                        };
                        /** @default false */
                        provisioning?: boolean;
                        /**
                         * @description a cron expression (5 or 6 fields); syncs start at most every 5 minutes
                         * @default 0 * * * *
                         */
                        schedule?: string;
                        /** @default true */
                        syncNow?: boolean;
                        owners?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            appId: string;
                            type: string;
                            config: {
                                [key: string]: unknown;
                            };
                            secrets: {
                                [key: string]: "set" | "not set";
                            };
                            provisioning: boolean;
                            schedule: string;
                            status: string;
                            statusMessage: string | null;
                            lastSyncAt: string | null;
                            owners: string[];
                            createdAt: string;
                            updatedAt: string;
                            syncRunId: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connectors/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A connector (secrets shown as set / not set) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            appId: string;
                            type: string;
                            config: {
                                [key: string]: unknown;
                            };
                            secrets: {
                                [key: string]: "set" | "not set";
                            };
                            provisioning: boolean;
                            schedule: string;
                            status: string;
                            statusMessage: string | null;
                            lastSyncAt: string | null;
                            owners: string[];
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Remove a connector (the app keeps its last synced data) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change config (omitted secrets are kept), provisioning switch, schedule or owners */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        config?: {
                            [key: string]: unknown;
                        };
                        provisioning?: boolean;
                        /** @description a cron expression (5 or 6 fields); syncs start at most every 5 minutes */
                        schedule?: string;
                        owners?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            appId: string;
                            type: string;
                            config: {
                                [key: string]: unknown;
                            };
                            secrets: {
                                [key: string]: "set" | "not set";
                            };
                            provisioning: boolean;
                            schedule: string;
                            status: string;
                            statusMessage: string | null;
                            lastSyncAt: string | null;
                            owners: string[];
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/connectors/{id}/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sync now (one sync per connector at a time) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            runId: string;
                            queued: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connectors/{id}/sync-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sync runs, newest first, with counts, warnings and logs */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                status: string;
                                trigger: string;
                                queuedAt: string;
                                startedAt: string | null;
                                endedAt: string | null;
                                error: string | null;
                                warnings: unknown[];
                                apiCalls: number;
                                counts: {
                                    [key: string]: unknown;
                                };
                                grantsAdded: number;
                                grantsRemoved: number;
                                log: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/resources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Resources (accounts, groups, roles, …) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    appId?: string;
                    type?: string;
                    q?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                appId: string;
                                appName: string;
                                type: string;
                                id: string;
                                displayName: string;
                                email: string | null;
                                login: string | null;
                                data: unknown;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/entitlements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Entitlements */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    appId?: string;
                    resourceType?: string;
                    resourceId?: string;
                    q?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                appId: string;
                                appName: string;
                                id: string;
                                resourceType: string;
                                resourceId: string;
                                slug: string;
                                displayName: string;
                                grantableTo: string[];
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Grants: who holds what, direct or inherited */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    appId?: string;
                    entitlementId?: string;
                    resourceType?: string;
                    resourceId?: string;
                    principalType?: string;
                    principalId?: string;
                    inherited?: "true" | "false";
                    q?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                appId: string;
                                appName: string;
                                id: string;
                                entitlementId: string;
                                entitlementName: string | null;
                                resourceType: string;
                                resourceId: string;
                                principalType: string;
                                principalId: string;
                                principalName: string | null;
                                inherited: boolean;
                                sources: string[];
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Catalog events, oldest first: grants added and removed by each sync, changed by tasks, and drift */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    appId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                seq: number;
                                appId: string;
                                syncRunId: string | null;
                                taskId: string | null;
                                kind: string;
                                grantId: string;
                                entitlementId: string;
                                principalType: string;
                                principalId: string;
                                createdAt: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/people": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** People, searchable by name or email */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    q?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                email: string;
                                displayName: string;
                                status: string;
                                managerId: string | null;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/people/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A person with their accounts (anyone may read themselves) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            email: string;
                            displayName: string;
                            status: string;
                            manager: {
                                id: string;
                                email: string;
                                displayName: string;
                            } | null;
                            accounts: {
                                appId: string;
                                appName: string;
                                accountId: string;
                                matchedBy: string;
                                displayName: string;
                                email: string | null;
                                login: string | null;
                                status: string | null;
                                lastLogin: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/people/{id}/access": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** All of a person's access across apps, direct and inherited (anyone may read their own) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            personId: string;
                            items: {
                                appId: string;
                                appName: string;
                                accountId: string;
                                grantId: string;
                                entitlementId: string;
                                entitlementName: string | null;
                                resourceType: string;
                                resourceId: string;
                                resourceName: string | null;
                                inherited: boolean;
                                sources: string[];
                                sourceNames: string[];
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** App accounts and the person each belongs to; `unmatched=true` lists those without one */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    appId?: string;
                    unmatched?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                appId: string;
                                appName: string;
                                accountId: string;
                                displayName: string;
                                email: string | null;
                                login: string | null;
                                status: string | null;
                                personId: string | null;
                                matchedBy: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Link an account to a person by hand (kept across syncs) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        appId: string;
                        accountId: string;
                        personId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            appId: string;
                            accountId: string;
                            personId: string | null;
                            matchedBy: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/accounts/unlink": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unlink an account from its person (kept across syncs) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        appId: string;
                        accountId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            appId: string;
                            accountId: string;
                            personId: string | null;
                            matchedBy: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tasks, newest first; filter by state (comma-separated), app, kind, requester, origin */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    state?: string;
                    appId?: string;
                    kind?: "grant" | "revoke" | "create_account" | "update_account" | "deprovision_account";
                    requestedBy?: string;
                    origin?: "manual" | "review" | "request" | "expiry";
                    originId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                appId: string;
                                appName: string;
                                connectorId: string | null;
                                /** @enum {string} */
                                kind: "grant" | "revoke" | "create_account" | "update_account" | "deprovision_account";
                                /** @enum {string} */
                                state: "pending" | "running" | "succeeded" | "failed" | "manual" | "cancelled";
                                summary: string;
                                input: {
                                    [key: string]: unknown;
                                };
                                requestedBy: {
                                    id: string;
                                    email: string;
                                    name: string;
                                } | null;
                                reason: string;
                                /** @enum {string} */
                                origin: "manual" | "review" | "request" | "expiry";
                                originId: string | null;
                                result: {
                                    [key: string]: unknown;
                                } | null;
                                error: string | null;
                                completedBy: {
                                    id: string;
                                    email: string;
                                    name: string;
                                } | null;
                                /** @enum {string|null} */
                                completion: "done" | "not_possible" | null;
                                comment: string | null;
                                /** @enum {string|null} */
                                verification: "pending" | "read_confirmed" | "confirmed" | "drift" | "not_checked" | null;
                                attempts: number;
                                createdAt: string;
                                startedAt: string | null;
                                endedAt: string | null;
                                updatedAt: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Ask for a change in an app: grant, revoke, create, update or deprovision an account (a reason is required)
         * @description Checked against the catalog first. The task runs through the connector when its provisioning switch is on and it can make the change; otherwise it is manual and the app owners are notified.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "grant";
                        appId: string;
                        reason: string;
                        input: {
                            entitlementId: string;
                            principal: {
                                type: string;
                                id: string;
                            };
                        };
                    } | {
                        /** @enum {string} */
                        kind: "revoke";
                        appId: string;
                        reason: string;
                        input: {
                            entitlementId: string;
                            principal: {
                                type: string;
                                id: string;
                            };
                        };
                    } | {
                        /** @enum {string} */
                        kind: "create_account";
                        appId: string;
                        reason: string;
                        input: {
                            /** Format: email */
                            email: string;
                            login?: string;
                            firstName?: string;
                            lastName?: string;
                            displayName?: string;
                            options?: {
                                [key: string]: string | boolean;
                            };
                        };
                    } | {
                        /** @enum {string} */
                        kind: "update_account";
                        appId: string;
                        reason: string;
                        input: {
                            accountId: string;
                            changes: {
                                /** Format: email */
                                email?: string;
                                firstName?: string;
                                lastName?: string;
                                displayName?: string;
                                active?: boolean;
                            };
                        };
                    } | {
                        /** @enum {string} */
                        kind: "deprovision_account";
                        appId: string;
                        reason: string;
                        input: {
                            accountId: string;
                            /**
                             * @default deprovision
                             * @enum {string}
                             */
                            mode?: "deprovision" | "delete";
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            appId: string;
                            appName: string;
                            connectorId: string | null;
                            /** @enum {string} */
                            kind: "grant" | "revoke" | "create_account" | "update_account" | "deprovision_account";
                            /** @enum {string} */
                            state: "pending" | "running" | "succeeded" | "failed" | "manual" | "cancelled";
                            summary: string;
                            input: {
                                [key: string]: unknown;
                            };
                            requestedBy: {
                                id: string;
                                email: string;
                                name: string;
                            } | null;
                            reason: string;
                            /** @enum {string} */
                            origin: "manual" | "review" | "request" | "expiry";
                            originId: string | null;
                            result: {
                                [key: string]: unknown;
                            } | null;
                            error: string | null;
                            completedBy: {
                                id: string;
                                email: string;
                                name: string;
                            } | null;
                            /** @enum {string|null} */
                            completion: "done" | "not_possible" | null;
                            comment: string | null;
                            /** @enum {string|null} */
                            verification: "pending" | "read_confirmed" | "confirmed" | "drift" | "not_checked" | null;
                            attempts: number;
                            createdAt: string;
                            startedAt: string | null;
                            endedAt: string | null;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/counts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How many tasks are in each state */
        get: {
            parameters: {
                query?: {
                    appId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A task with its log and the catalog events it caused (drift included) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            appId: string;
                            appName: string;
                            connectorId: string | null;
                            /** @enum {string} */
                            kind: "grant" | "revoke" | "create_account" | "update_account" | "deprovision_account";
                            /** @enum {string} */
                            state: "pending" | "running" | "succeeded" | "failed" | "manual" | "cancelled";
                            summary: string;
                            input: {
                                [key: string]: unknown;
                            };
                            requestedBy: {
                                id: string;
                                email: string;
                                name: string;
                            } | null;
                            reason: string;
                            /** @enum {string} */
                            origin: "manual" | "review" | "request" | "expiry";
                            originId: string | null;
                            result: {
                                [key: string]: unknown;
                            } | null;
                            error: string | null;
                            completedBy: {
                                id: string;
                                email: string;
                                name: string;
                            } | null;
                            /** @enum {string|null} */
                            completion: "done" | "not_possible" | null;
                            comment: string | null;
                            /** @enum {string|null} */
                            verification: "pending" | "read_confirmed" | "confirmed" | "drift" | "not_checked" | null;
                            attempts: number;
                            createdAt: string;
                            startedAt: string | null;
                            endedAt: string | null;
                            updatedAt: string;
                            log: {
                                at: string;
                                level: string;
                                message: string;
                            }[];
                            history: {
                                at: string;
                                action: string;
                                from: string | null;
                                to: string | null;
                                actor: {
                                    type: string;
                                    id: string | null;
                                };
                            }[];
                            events: {
                                seq: number;
                                kind: string;
                                grantId: string;
                                syncRunId: string | null;
                                createdAt: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a pending or manual task */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        comment?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            appId: string;
                            appName: string;
                            connectorId: string | null;
                            /** @enum {string} */
                            kind: "grant" | "revoke" | "create_account" | "update_account" | "deprovision_account";
                            /** @enum {string} */
                            state: "pending" | "running" | "succeeded" | "failed" | "manual" | "cancelled";
                            summary: string;
                            input: {
                                [key: string]: unknown;
                            };
                            requestedBy: {
                                id: string;
                                email: string;
                                name: string;
                            } | null;
                            reason: string;
                            /** @enum {string} */
                            origin: "manual" | "review" | "request" | "expiry";
                            originId: string | null;
                            result: {
                                [key: string]: unknown;
                            } | null;
                            error: string | null;
                            completedBy: {
                                id: string;
                                email: string;
                                name: string;
                            } | null;
                            /** @enum {string|null} */
                            completion: "done" | "not_possible" | null;
                            comment: string | null;
                            /** @enum {string|null} */
                            verification: "pending" | "read_confirmed" | "confirmed" | "drift" | "not_checked" | null;
                            attempts: number;
                            createdAt: string;
                            startedAt: string | null;
                            endedAt: string | null;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run a failed (or manual) task again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            appId: string;
                            appName: string;
                            connectorId: string | null;
                            /** @enum {string} */
                            kind: "grant" | "revoke" | "create_account" | "update_account" | "deprovision_account";
                            /** @enum {string} */
                            state: "pending" | "running" | "succeeded" | "failed" | "manual" | "cancelled";
                            summary: string;
                            input: {
                                [key: string]: unknown;
                            };
                            requestedBy: {
                                id: string;
                                email: string;
                                name: string;
                            } | null;
                            reason: string;
                            /** @enum {string} */
                            origin: "manual" | "review" | "request" | "expiry";
                            originId: string | null;
                            result: {
                                [key: string]: unknown;
                            } | null;
                            error: string | null;
                            completedBy: {
                                id: string;
                                email: string;
                                name: string;
                            } | null;
                            /** @enum {string|null} */
                            completion: "done" | "not_possible" | null;
                            comment: string | null;
                            /** @enum {string|null} */
                            verification: "pending" | "read_confirmed" | "confirmed" | "drift" | "not_checked" | null;
                            attempts: number;
                            createdAt: string;
                            startedAt: string | null;
                            endedAt: string | null;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Complete a manual task: the change was made by hand (done) or cannot be made (not_possible), with a comment */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        outcome: "done" | "not_possible";
                        comment: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            appId: string;
                            appName: string;
                            connectorId: string | null;
                            /** @enum {string} */
                            kind: "grant" | "revoke" | "create_account" | "update_account" | "deprovision_account";
                            /** @enum {string} */
                            state: "pending" | "running" | "succeeded" | "failed" | "manual" | "cancelled";
                            summary: string;
                            input: {
                                [key: string]: unknown;
                            };
                            requestedBy: {
                                id: string;
                                email: string;
                                name: string;
                            } | null;
                            reason: string;
                            /** @enum {string} */
                            origin: "manual" | "review" | "request" | "expiry";
                            originId: string | null;
                            result: {
                                [key: string]: unknown;
                            } | null;
                            error: string | null;
                            completedBy: {
                                id: string;
                                email: string;
                                name: string;
                            } | null;
                            /** @enum {string|null} */
                            completion: "done" | "not_possible" | null;
                            comment: string | null;
                            /** @enum {string|null} */
                            verification: "pending" | "read_confirmed" | "confirmed" | "drift" | "not_checked" | null;
                            attempts: number;
                            createdAt: string;
                            startedAt: string | null;
                            endedAt: string | null;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your notifications, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    unread?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                event: string;
                                subject: string;
                                text: string;
                                link: string | null;
                                data: {
                                    [key: string]: unknown;
                                };
                                createdAt: string;
                                readAt: string | null;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inbox/unread-count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How many of your notifications are unread */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            count: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inbox/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark one of your notifications read */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            event: string;
                            subject: string;
                            text: string;
                            link: string | null;
                            data: {
                                [key: string]: unknown;
                            };
                            createdAt: string;
                            readAt: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inbox/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark all your notifications read */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            marked: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every notification, newest first, with its recipients and the state of each delivery (email, webhooks) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    userId?: string;
                    event?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                event: string;
                                subject: string;
                                text: string;
                                link: string | null;
                                data: {
                                    [key: string]: unknown;
                                };
                                createdAt: string;
                                recipients: {
                                    notificationId: string;
                                    userId: string;
                                    email: string | null;
                                    readAt: string | null;
                                }[];
                                deliveries: {
                                    id: string;
                                    /** @enum {string} */
                                    channel: "email" | "webhook";
                                    target: string;
                                    webhookId: string | null;
                                    notificationId: string | null;
                                    state: string;
                                    attempts: number;
                                    lastError: string | null;
                                    response: string | null;
                                    createdAt: string;
                                    sentAt: string | null;
                                    nextAttemptAt: string | null;
                                }[];
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether email is configured (never its password), the public URL for links, the outbound allow list */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: {
                                configured: boolean;
                                host: string | null;
                                port: number | null;
                                secure: boolean;
                                requireTls: boolean;
                                user: string | null;
                                /** @enum {string} */
                                password: "set" | "not set";
                                from: string | null;
                            };
                            publicUrl: string | null;
                            outboundAllow: string[];
                            events: ("task.manual" | "task.failed" | "task.drift" | "connector.owner_added" | "connector.error")[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhooks (secrets shown as set) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                name: string;
                                url: string;
                                /** @enum {string} */
                                format: "json" | "slack";
                                events: ("task.manual" | "task.failed" | "task.drift" | "connector.owner_added" | "connector.error")[];
                                enabled: boolean;
                                /** @enum {string} */
                                secret: "set" | "not set";
                                createdAt: string;
                                updatedAt: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a webhook. Without a secret one is generated and returned once, as signingSecret */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @description https URL of the receiver; checked against the outbound address policy (GATEHOUSE_OUTBOUND_ALLOW) */
                        url: string;
                        /**
                         * @description json: the Gatehouse event; slack: an incoming-webhook message (text and blocks)
                         * @default json
                         * @enum {string}
                         */
                        format?: "json" | "slack";
                        events: ("task.manual" | "task.failed" | "task.drift" | "connector.owner_added" | "connector.error")[];
                        /** @default true */
                        enabled?: boolean;
                        /** @description HMAC-SHA256 signing secret (write-only) */
                        secret?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            url: string;
                            /** @enum {string} */
                            format: "json" | "slack";
                            events: ("task.manual" | "task.failed" | "task.drift" | "connector.owner_added" | "connector.error")[];
                            enabled: boolean;
                            /** @enum {string} */
                            secret: "set" | "not set";
                            createdAt: string;
                            updatedAt: string;
                            signingSecret?: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A webhook */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            url: string;
                            /** @enum {string} */
                            format: "json" | "slack";
                            events: ("task.manual" | "task.failed" | "task.drift" | "connector.owner_added" | "connector.error")[];
                            enabled: boolean;
                            /** @enum {string} */
                            secret: "set" | "not set";
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Remove a webhook (its delivery history stays) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a webhook (an omitted secret is kept) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** @description https URL of the receiver; checked against the outbound address policy (GATEHOUSE_OUTBOUND_ALLOW) */
                        url?: string;
                        /**
                         * @description json: the Gatehouse event; slack: an incoming-webhook message (text and blocks)
                         * @enum {string}
                         */
                        format?: "json" | "slack";
                        events?: ("task.manual" | "task.failed" | "task.drift" | "connector.owner_added" | "connector.error")[];
                        enabled?: boolean;
                        /** @description HMAC-SHA256 signing secret (write-only) */
                        secret?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            url: string;
                            /** @enum {string} */
                            format: "json" | "slack";
                            events: ("task.manual" | "task.failed" | "task.drift" | "connector.owner_added" | "connector.error")[];
                            enabled: boolean;
                            /** @enum {string} */
                            secret: "set" | "not set";
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a signed test event now and report what the receiver answered */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            delivered: boolean;
                            status: number | null;
                            error: string | null;
                            deliveryId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit events, newest first, filterable */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    action?: string;
                    targetType?: string;
                    targetId?: string;
                    actorId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                seq: number;
                                id: string;
                                at: string;
                                actor: {
                                    type: string;
                                    id: string | null;
                                };
                                action: string;
                                target: {
                                    type: string;
                                    id: string | null;
                                };
                                before: unknown;
                                after: unknown;
                                prevHash: string;
                                hash: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Verify the hash chain and the signed checkpoints of its head; reports the first broken link, a truncated or a re-chained log */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                            events: number;
                            brokenAt?: {
                                seq: number;
                                id: string;
                                reason: string;
                            };
                            checkpoints: {
                                checkpoints: number;
                                verifiedThrough?: {
                                    seq: number;
                                    at: string;
                                };
                                problem?: {
                                    /** @enum {string} */
                                    kind: "forged" | "truncated" | "rechained";
                                    seq: number;
                                    reason: string;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/checkpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed checkpoints of the chain's head and the public key that verifies them (to keep in an external store) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            publicKey: string;
                            items: {
                                seq: number;
                                hash: string;
                                events: number;
                                at: string;
                                signature: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit log as JSON lines, oldest first, for a SIEM: Gatehouse events or OCSF API Activity (class 6003); `after` resumes after a sequence number */
        get: {
            parameters: {
                query?: {
                    format?: "native" | "ocsf";
                    after?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description application/x-ndjson: one event per line */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Dashboard figures: apps by connector status, grants per app, people without a directory account, accounts without a person */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            apps: {
                                total: number;
                                discovered: number;
                                byStatus: {
                                    [key: string]: number;
                                };
                            };
                            grantsPerApp: {
                                appId: string;
                                name: string;
                                grants: number;
                                inherited: number;
                            }[];
                            people: {
                                total: number;
                                withoutDirectoryAccount: number;
                            };
                            accounts: {
                                total: number;
                                withoutPerson: number;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
