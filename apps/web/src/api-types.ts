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
        /** Sign out. A session from single sign-on answers 200 with the provider's logout URL, where the browser goes next to end the provider's session too (RP-initiated logout) */
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
                            logoutUrl: string;
                        };
                    };
                };
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
                            permissions: ("catalog:read" | "apps:admin" | "apps:manage" | "accounts:link" | "audit:read" | "users:read" | "users:manage" | "tasks:read" | "provision" | "settings:manage" | "campaigns:read" | "campaigns:manage" | "conflicts:read" | "conflicts:manage" | "requests:read" | "requests:manage")[];
                            ownedApps: string[];
                            /** @description the person of the directory with my email (My access), if any */
                            personId: string | null;
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
    "/api/v1/platform-groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Platform groups (pushed by the identity provider through SCIM), to name as reviewers or approvers */
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
                                members: number;
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
    "/api/v1/people/departments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The directory’s departments, with how many people each has */
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
                                name: string;
                                people: number;
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
    "/api/v1/people/sign-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which people of the directory can sign in, and how: a local password, single sign-on (a first sign-in creates their user), provisioned by SCIM */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
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
                            providers: string[];
                            localPasswords: boolean;
                            items: {
                                personId: string;
                                name: string;
                                email: string;
                                status: string;
                                user: {
                                    id: string;
                                    role: string;
                                    disabled: boolean;
                                } | null;
                                methods: ("password" | "sso" | "scim")[];
                                canSignIn: boolean;
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
    "/api/v1/review-policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Review policies */
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
                                description: string;
                                steps: {
                                    name?: string;
                                    reviewers: {
                                        /** @enum {string} */
                                        kind: "manager";
                                    } | {
                                        /** @enum {string} */
                                        kind: "app_owners";
                                    } | {
                                        /** @enum {string} */
                                        kind: "entitlement_owners";
                                    } | {
                                        /** @enum {string} */
                                        kind: "users";
                                        userIds: string[];
                                    } | {
                                        /** @enum {string} */
                                        kind: "group";
                                        groupIds: string[];
                                    } | {
                                        /** @enum {string} */
                                        kind: "self";
                                    };
                                    /** @default [] */
                                    fallbackUserIds: string[];
                                    /** @default false */
                                    allowSelfReview: boolean;
                                }[];
                                createdAt: string;
                                updatedAt: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a review policy: ordered steps, each with its reviewers and a fallback */
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
                        /** @default  */
                        description?: string;
                        steps: {
                            name?: string;
                            reviewers: {
                                /** @enum {string} */
                                kind: "manager";
                            } | {
                                /** @enum {string} */
                                kind: "app_owners";
                            } | {
                                /** @enum {string} */
                                kind: "entitlement_owners";
                            } | {
                                /** @enum {string} */
                                kind: "users";
                                userIds: string[];
                            } | {
                                /** @enum {string} */
                                kind: "group";
                                groupIds: string[];
                            } | {
                                /** @enum {string} */
                                kind: "self";
                            };
                            /** @default [] */
                            fallbackUserIds?: string[];
                            /** @default false */
                            allowSelfReview?: boolean;
                        }[];
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
                            steps: {
                                name?: string;
                                reviewers: {
                                    /** @enum {string} */
                                    kind: "manager";
                                } | {
                                    /** @enum {string} */
                                    kind: "app_owners";
                                } | {
                                    /** @enum {string} */
                                    kind: "entitlement_owners";
                                } | {
                                    /** @enum {string} */
                                    kind: "users";
                                    userIds: string[];
                                } | {
                                    /** @enum {string} */
                                    kind: "group";
                                    groupIds: string[];
                                } | {
                                    /** @enum {string} */
                                    kind: "self";
                                };
                                /** @default [] */
                                fallbackUserIds: string[];
                                /** @default false */
                                allowSelfReview: boolean;
                            }[];
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
    "/api/v1/review-policies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace a review policy (running campaigns keep the policy as it was at their start) */
        put: {
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
                        name: string;
                        /** @default  */
                        description?: string;
                        steps: {
                            name?: string;
                            reviewers: {
                                /** @enum {string} */
                                kind: "manager";
                            } | {
                                /** @enum {string} */
                                kind: "app_owners";
                            } | {
                                /** @enum {string} */
                                kind: "entitlement_owners";
                            } | {
                                /** @enum {string} */
                                kind: "users";
                                userIds: string[];
                            } | {
                                /** @enum {string} */
                                kind: "group";
                                groupIds: string[];
                            } | {
                                /** @enum {string} */
                                kind: "self";
                            };
                            /** @default [] */
                            fallbackUserIds?: string[];
                            /** @default false */
                            allowSelfReview?: boolean;
                        }[];
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
                            steps: {
                                name?: string;
                                reviewers: {
                                    /** @enum {string} */
                                    kind: "manager";
                                } | {
                                    /** @enum {string} */
                                    kind: "app_owners";
                                } | {
                                    /** @enum {string} */
                                    kind: "entitlement_owners";
                                } | {
                                    /** @enum {string} */
                                    kind: "users";
                                    userIds: string[];
                                } | {
                                    /** @enum {string} */
                                    kind: "group";
                                    groupIds: string[];
                                } | {
                                    /** @enum {string} */
                                    kind: "self";
                                };
                                /** @default [] */
                                fallbackUserIds: string[];
                                /** @default false */
                                allowSelfReview: boolean;
                            }[];
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Delete a review policy no draft or recurring campaign uses */
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
    "/api/v1/apps/{id}/review-policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The review policies an app and its entitlements prefer */
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
                                entitlementId: string | null;
                                policyId: string;
                            }[];
                        };
                    };
                };
            };
        };
        /** Set (or clear, with null) the review policy an app or one of its entitlements prefers over a campaign’s */
        put: {
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
                        /** @default null */
                        entitlementId?: string | null;
                        policyId: string | null;
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
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/apps/{id}/entitlement-owners": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The owners of an app’s entitlements */
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
                                entitlementId: string;
                                userIds: string[];
                            }[];
                        };
                    };
                };
            };
        };
        /** Name the owners of one entitlement (reviewers and approvers); an empty list clears them */
        put: {
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
                        entitlementId: string;
                        userIds: string[];
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
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Access review campaigns, newest first (App owners: the campaigns over their apps) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    state?: "draft" | "starting" | "running" | "completed" | "cancelled";
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
                                owner: {
                                    id: string;
                                    name: string;
                                    email: string;
                                };
                                scope: {
                                    /** @default [] */
                                    apps: {
                                        appId: string;
                                        entitlementIds?: string[];
                                        resourceTypes?: string[];
                                    }[];
                                    /** @default {} */
                                    people: {
                                        departments?: string[];
                                        managerIds?: string[];
                                        personIds?: string[];
                                    };
                                    /** @default false */
                                    includeInherited: boolean;
                                    grantedWithinDays?: number;
                                    /**
                                     * @default all
                                     * @enum {string}
                                     */
                                    accounts: "all" | "without_person" | "of_inactive_people";
                                    unusedForDays?: number;
                                    /** @default false */
                                    inViolation: boolean;
                                };
                                policy: {
                                    id: string;
                                    name: string;
                                };
                                policiesAsRun: {
                                    id: string;
                                    name: string;
                                    steps: number;
                                }[];
                                dueAt: string;
                                /** @enum {string} */
                                dueAction: "leave_open" | "close" | "revoke";
                                approveCommentRequired: boolean;
                                /** @enum {string} */
                                state: "draft" | "starting" | "running" | "completed" | "cancelled";
                                overdue: boolean;
                                progress: {
                                    items: number;
                                    unresolved?: number;
                                    byApp?: {
                                        appId: string;
                                        appName: string;
                                        items: number;
                                    }[];
                                } | null;
                                error: string | null;
                                templateId: string | null;
                                counts: {
                                    items: number;
                                    pending: number;
                                    approved: number;
                                    revoked: number;
                                    notReviewed: number;
                                    removed: number;
                                    drafted: number;
                                    unassigned: number;
                                };
                                createdAt: string;
                                startedAt: string | null;
                                completedAt: string | null;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a campaign as a draft: scope, review policy, due date and what happens then */
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
                        /** @default  */
                        description?: string;
                        ownerId?: string;
                        scope: {
                            /** @default [] */
                            apps?: {
                                appId: string;
                                entitlementIds?: string[];
                                resourceTypes?: string[];
                            }[];
                            /** @default {} */
                            people?: {
                                departments?: string[];
                                managerIds?: string[];
                                personIds?: string[];
                            };
                            /** @default false */
                            includeInherited?: boolean;
                            grantedWithinDays?: number;
                            /**
                             * @default all
                             * @enum {string}
                             */
                            accounts?: "all" | "without_person" | "of_inactive_people";
                            unusedForDays?: number;
                            /** @default false */
                            inViolation?: boolean;
                        };
                        policyId: string;
                        /** Format: date-time */
                        dueAt: string;
                        /**
                         * @default leave_open
                         * @enum {string}
                         */
                        dueAction?: "leave_open" | "close" | "revoke";
                        confirmRevokeAtDue?: boolean;
                        /** @default false */
                        approveCommentRequired?: boolean;
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
                            owner: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            scope: {
                                /** @default [] */
                                apps: {
                                    appId: string;
                                    entitlementIds?: string[];
                                    resourceTypes?: string[];
                                }[];
                                /** @default {} */
                                people: {
                                    departments?: string[];
                                    managerIds?: string[];
                                    personIds?: string[];
                                };
                                /** @default false */
                                includeInherited: boolean;
                                grantedWithinDays?: number;
                                /**
                                 * @default all
                                 * @enum {string}
                                 */
                                accounts: "all" | "without_person" | "of_inactive_people";
                                unusedForDays?: number;
                                /** @default false */
                                inViolation: boolean;
                            };
                            policy: {
                                id: string;
                                name: string;
                            };
                            policiesAsRun: {
                                id: string;
                                name: string;
                                steps: number;
                            }[];
                            dueAt: string;
                            /** @enum {string} */
                            dueAction: "leave_open" | "close" | "revoke";
                            approveCommentRequired: boolean;
                            /** @enum {string} */
                            state: "draft" | "starting" | "running" | "completed" | "cancelled";
                            overdue: boolean;
                            progress: {
                                items: number;
                                unresolved?: number;
                                byApp?: {
                                    appId: string;
                                    appName: string;
                                    items: number;
                                }[];
                            } | null;
                            error: string | null;
                            templateId: string | null;
                            counts: {
                                items: number;
                                pending: number;
                                approved: number;
                                revoked: number;
                                notReviewed: number;
                                removed: number;
                                drafted: number;
                                unassigned: number;
                            };
                            createdAt: string;
                            startedAt: string | null;
                            completedAt: string | null;
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
    "/api/v1/campaigns/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A campaign with its counts and the state of its revocations */
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
                            owner: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            scope: {
                                /** @default [] */
                                apps: {
                                    appId: string;
                                    entitlementIds?: string[];
                                    resourceTypes?: string[];
                                }[];
                                /** @default {} */
                                people: {
                                    departments?: string[];
                                    managerIds?: string[];
                                    personIds?: string[];
                                };
                                /** @default false */
                                includeInherited: boolean;
                                grantedWithinDays?: number;
                                /**
                                 * @default all
                                 * @enum {string}
                                 */
                                accounts: "all" | "without_person" | "of_inactive_people";
                                unusedForDays?: number;
                                /** @default false */
                                inViolation: boolean;
                            };
                            policy: {
                                id: string;
                                name: string;
                            };
                            policiesAsRun: {
                                id: string;
                                name: string;
                                steps: number;
                            }[];
                            dueAt: string;
                            /** @enum {string} */
                            dueAction: "leave_open" | "close" | "revoke";
                            approveCommentRequired: boolean;
                            /** @enum {string} */
                            state: "draft" | "starting" | "running" | "completed" | "cancelled";
                            overdue: boolean;
                            progress: {
                                items: number;
                                unresolved?: number;
                                byApp?: {
                                    appId: string;
                                    appName: string;
                                    items: number;
                                }[];
                            } | null;
                            error: string | null;
                            templateId: string | null;
                            counts: {
                                items: number;
                                pending: number;
                                approved: number;
                                revoked: number;
                                notReviewed: number;
                                removed: number;
                                drafted: number;
                                unassigned: number;
                            };
                            createdAt: string;
                            startedAt: string | null;
                            completedAt: string | null;
                            remediation: {
                                total: number;
                                inProgress: number;
                                manual: number;
                                succeeded: number;
                                verified: number;
                                failed: number;
                                drift: number;
                            };
                        };
                    };
                };
            };
        };
        /** Edit a draft campaign */
        put: {
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
                        name: string;
                        /** @default  */
                        description?: string;
                        ownerId?: string;
                        scope: {
                            /** @default [] */
                            apps?: {
                                appId: string;
                                entitlementIds?: string[];
                                resourceTypes?: string[];
                            }[];
                            /** @default {} */
                            people?: {
                                departments?: string[];
                                managerIds?: string[];
                                personIds?: string[];
                            };
                            /** @default false */
                            includeInherited?: boolean;
                            grantedWithinDays?: number;
                            /**
                             * @default all
                             * @enum {string}
                             */
                            accounts?: "all" | "without_person" | "of_inactive_people";
                            unusedForDays?: number;
                            /** @default false */
                            inViolation?: boolean;
                        };
                        policyId: string;
                        /** Format: date-time */
                        dueAt: string;
                        /**
                         * @default leave_open
                         * @enum {string}
                         */
                        dueAction?: "leave_open" | "close" | "revoke";
                        confirmRevokeAtDue?: boolean;
                        /** @default false */
                        approveCommentRequired?: boolean;
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
                            owner: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            scope: {
                                /** @default [] */
                                apps: {
                                    appId: string;
                                    entitlementIds?: string[];
                                    resourceTypes?: string[];
                                }[];
                                /** @default {} */
                                people: {
                                    departments?: string[];
                                    managerIds?: string[];
                                    personIds?: string[];
                                };
                                /** @default false */
                                includeInherited: boolean;
                                grantedWithinDays?: number;
                                /**
                                 * @default all
                                 * @enum {string}
                                 */
                                accounts: "all" | "without_person" | "of_inactive_people";
                                unusedForDays?: number;
                                /** @default false */
                                inViolation: boolean;
                            };
                            policy: {
                                id: string;
                                name: string;
                            };
                            policiesAsRun: {
                                id: string;
                                name: string;
                                steps: number;
                            }[];
                            dueAt: string;
                            /** @enum {string} */
                            dueAction: "leave_open" | "close" | "revoke";
                            approveCommentRequired: boolean;
                            /** @enum {string} */
                            state: "draft" | "starting" | "running" | "completed" | "cancelled";
                            overdue: boolean;
                            progress: {
                                items: number;
                                unresolved?: number;
                                byApp?: {
                                    appId: string;
                                    appName: string;
                                    items: number;
                                }[];
                            } | null;
                            error: string | null;
                            templateId: string | null;
                            counts: {
                                items: number;
                                pending: number;
                                approved: number;
                                revoked: number;
                                notReviewed: number;
                                removed: number;
                                drafted: number;
                                unassigned: number;
                            };
                            createdAt: string;
                            startedAt: string | null;
                            completedAt: string | null;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Delete a draft or finished campaign (refused while its revocations run) */
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
    "/api/v1/campaigns/{id}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What starting would create: items per app and per reviewer, items no reviewer was found for, apps whose data is stale */
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
                            items: number;
                            byApp: {
                                appId: string;
                                appName: string;
                                items: number;
                            }[];
                            unresolved: number;
                            unresolvedSample: {
                                grantId: string;
                                appName: string;
                                entitlementName: string;
                                principalName: string;
                                because: string;
                            }[];
                            byReviewer: {
                                userId: string;
                                name: string;
                                items: number;
                            }[];
                            freshness: {
                                appId: string;
                                appName: string;
                                lastSuccessAt: string | null;
                                lastSyncFailed: boolean;
                                stale: boolean;
                                reason: string | null;
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
    "/api/v1/campaigns/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a draft: the snapshot is taken (progress on the campaign) and reviewers are told. Refused when apps’ data is stale, unless startAnyway */
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
                        /** @default false */
                        startAnyway?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            description: string;
                            owner: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            scope: {
                                /** @default [] */
                                apps: {
                                    appId: string;
                                    entitlementIds?: string[];
                                    resourceTypes?: string[];
                                }[];
                                /** @default {} */
                                people: {
                                    departments?: string[];
                                    managerIds?: string[];
                                    personIds?: string[];
                                };
                                /** @default false */
                                includeInherited: boolean;
                                grantedWithinDays?: number;
                                /**
                                 * @default all
                                 * @enum {string}
                                 */
                                accounts: "all" | "without_person" | "of_inactive_people";
                                unusedForDays?: number;
                                /** @default false */
                                inViolation: boolean;
                            };
                            policy: {
                                id: string;
                                name: string;
                            };
                            policiesAsRun: {
                                id: string;
                                name: string;
                                steps: number;
                            }[];
                            dueAt: string;
                            /** @enum {string} */
                            dueAction: "leave_open" | "close" | "revoke";
                            approveCommentRequired: boolean;
                            /** @enum {string} */
                            state: "draft" | "starting" | "running" | "completed" | "cancelled";
                            overdue: boolean;
                            progress: {
                                items: number;
                                unresolved?: number;
                                byApp?: {
                                    appId: string;
                                    appName: string;
                                    items: number;
                                }[];
                            } | null;
                            error: string | null;
                            templateId: string | null;
                            counts: {
                                items: number;
                                pending: number;
                                approved: number;
                                revoked: number;
                                notReviewed: number;
                                removed: number;
                                drafted: number;
                                unassigned: number;
                            };
                            createdAt: string;
                            startedAt: string | null;
                            completedAt: string | null;
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
    "/api/v1/campaigns/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a campaign: undecided items close as not reviewed; submitted decisions and their revocations stand */
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
                            name: string;
                            description: string;
                            owner: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            scope: {
                                /** @default [] */
                                apps: {
                                    appId: string;
                                    entitlementIds?: string[];
                                    resourceTypes?: string[];
                                }[];
                                /** @default {} */
                                people: {
                                    departments?: string[];
                                    managerIds?: string[];
                                    personIds?: string[];
                                };
                                /** @default false */
                                includeInherited: boolean;
                                grantedWithinDays?: number;
                                /**
                                 * @default all
                                 * @enum {string}
                                 */
                                accounts: "all" | "without_person" | "of_inactive_people";
                                unusedForDays?: number;
                                /** @default false */
                                inViolation: boolean;
                            };
                            policy: {
                                id: string;
                                name: string;
                            };
                            policiesAsRun: {
                                id: string;
                                name: string;
                                steps: number;
                            }[];
                            dueAt: string;
                            /** @enum {string} */
                            dueAction: "leave_open" | "close" | "revoke";
                            approveCommentRequired: boolean;
                            /** @enum {string} */
                            state: "draft" | "starting" | "running" | "completed" | "cancelled";
                            overdue: boolean;
                            progress: {
                                items: number;
                                unresolved?: number;
                                byApp?: {
                                    appId: string;
                                    appName: string;
                                    items: number;
                                }[];
                            } | null;
                            error: string | null;
                            templateId: string | null;
                            counts: {
                                items: number;
                                pending: number;
                                approved: number;
                                revoked: number;
                                notReviewed: number;
                                removed: number;
                                drafted: number;
                                unassigned: number;
                            };
                            createdAt: string;
                            startedAt: string | null;
                            completedAt: string | null;
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
    "/api/v1/campaigns/{id}/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A campaign’s items, any reviewer’s (App owners: their apps’ items) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    state?: "pending" | "approved" | "revoked" | "not_reviewed" | "removed";
                    appId?: string;
                    entitlementId?: string;
                    personId?: string;
                    recommendation?: "approve" | "revoke";
                    decided?: "true" | "false";
                    q?: string;
                    sort?: "person" | "app" | "entitlement";
                    reviewerId?: string;
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
                                campaignId: string;
                                campaignName: string;
                                dueAt: string;
                                app: {
                                    id: string;
                                    name: string;
                                };
                                entitlement: {
                                    id: string;
                                    name: string;
                                };
                                resource: {
                                    type: string;
                                    id: string;
                                };
                                principal: {
                                    type: string;
                                    id: string;
                                    name: string;
                                };
                                account: {
                                    status: string | null;
                                    lastUse: string | null;
                                };
                                direct: boolean;
                                sources: string[];
                                firstSeen: string | null;
                                person: {
                                    id: string;
                                    name: string;
                                    email: string;
                                    title: string | null;
                                    department: string | null;
                                    status: string;
                                    manager: string | null;
                                    managerEmail: string | null;
                                } | null;
                                step: number;
                                stepName: string;
                                steps: number;
                                reviewer: {
                                    id: string;
                                    name: string;
                                } | null;
                                assignedBecause: string | null;
                                /** @enum {string} */
                                state: "pending" | "approved" | "revoked" | "not_reviewed" | "removed";
                                /** @enum {string|null} */
                                decision: "approve" | "revoke" | null;
                                comment: string | null;
                                decidedAt: string | null;
                                recommendation: {
                                    /** @enum {string} */
                                    decision: "approve" | "revoke";
                                    reason: string;
                                } | null;
                                peers: {
                                    holding: number;
                                    total: number;
                                } | null;
                                previousDecision: string | null;
                                tasks: {
                                    id: string;
                                    state: string;
                                    verification: string | null;
                                    summary: string;
                                    error: string | null;
                                }[];
                                conflicts: {
                                    ruleId: string;
                                    name: string;
                                    severity: string;
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
    "/api/v1/campaigns/{id}/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Decisions per day (the burndown), per reviewer and per app */
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
                            startedAt: string | null;
                            dueAt: string;
                            items: number;
                            perDay: {
                                day: string;
                                decisions: number;
                                closed: number;
                                remaining: number;
                            }[];
                            perReviewer: {
                                id: string;
                                name: string;
                                pending: number;
                                done: number;
                            }[];
                            perApp: {
                                id: string;
                                name: string;
                                pending: number;
                                done: number;
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
    "/api/v1/campaigns/{id}/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A campaign’s evidence reports, newest first */
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
                                generatedAt: string;
                                files: {
                                    name: string;
                                    bytes: number;
                                    sha256: string;
                                    description: string;
                                }[];
                                signature: string;
                                publicKey: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Write an evidence report (CSV, JSON, XLSX, a PDF summary) with a manifest of every file’s SHA-256, signed with the audit key */
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
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            generatedAt: string;
                            files: {
                                name: string;
                                bytes: number;
                                sha256: string;
                                description: string;
                            }[];
                            signature: string;
                            publicKey: string;
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
    "/api/v1/campaigns/{id}/reports/{reportId}/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download one file of a report (or its manifest.json) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    reportId: string;
                    file: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description the file */
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
    "/api/v1/campaign-templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recurring campaigns */
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
                                schedule: string;
                                enabled: boolean;
                                campaign: {
                                    name: string;
                                    /** @default  */
                                    description: string;
                                    ownerId?: string;
                                    scope: {
                                        /** @default [] */
                                        apps: {
                                            appId: string;
                                            entitlementIds?: string[];
                                            resourceTypes?: string[];
                                        }[];
                                        /** @default {} */
                                        people: {
                                            departments?: string[];
                                            managerIds?: string[];
                                            personIds?: string[];
                                        };
                                        /** @default false */
                                        includeInherited: boolean;
                                        grantedWithinDays?: number;
                                        /**
                                         * @default all
                                         * @enum {string}
                                         */
                                        accounts: "all" | "without_person" | "of_inactive_people";
                                        unusedForDays?: number;
                                        /** @default false */
                                        inViolation: boolean;
                                    };
                                    policyId: string;
                                    /**
                                     * @default leave_open
                                     * @enum {string}
                                     */
                                    dueAction: "leave_open" | "close" | "revoke";
                                    confirmRevokeAtDue?: boolean;
                                    /** @default false */
                                    approveCommentRequired: boolean;
                                    durationDays: number;
                                };
                                lastRunAt: string | null;
                                nextRunAt: string | null;
                                lastCampaign: {
                                    id: string;
                                    name: string;
                                    /** @enum {string} */
                                    state: "draft" | "starting" | "running" | "completed" | "cancelled";
                                } | null;
                                createdAt: string;
                                updatedAt: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** A recurring campaign: a definition and a schedule ("quarterly", "monthly" or a cron expression) that creates and starts each instance */
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
                        schedule: string;
                        /** @default true */
                        enabled?: boolean;
                        campaign: {
                            name: string;
                            /** @default  */
                            description?: string;
                            ownerId?: string;
                            scope: {
                                /** @default [] */
                                apps?: {
                                    appId: string;
                                    entitlementIds?: string[];
                                    resourceTypes?: string[];
                                }[];
                                /** @default {} */
                                people?: {
                                    departments?: string[];
                                    managerIds?: string[];
                                    personIds?: string[];
                                };
                                /** @default false */
                                includeInherited?: boolean;
                                grantedWithinDays?: number;
                                /**
                                 * @default all
                                 * @enum {string}
                                 */
                                accounts?: "all" | "without_person" | "of_inactive_people";
                                unusedForDays?: number;
                                /** @default false */
                                inViolation?: boolean;
                            };
                            policyId: string;
                            /**
                             * @default leave_open
                             * @enum {string}
                             */
                            dueAction?: "leave_open" | "close" | "revoke";
                            confirmRevokeAtDue?: boolean;
                            /** @default false */
                            approveCommentRequired?: boolean;
                            durationDays: number;
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
                            name: string;
                            schedule: string;
                            enabled: boolean;
                            campaign: {
                                name: string;
                                /** @default  */
                                description: string;
                                ownerId?: string;
                                scope: {
                                    /** @default [] */
                                    apps: {
                                        appId: string;
                                        entitlementIds?: string[];
                                        resourceTypes?: string[];
                                    }[];
                                    /** @default {} */
                                    people: {
                                        departments?: string[];
                                        managerIds?: string[];
                                        personIds?: string[];
                                    };
                                    /** @default false */
                                    includeInherited: boolean;
                                    grantedWithinDays?: number;
                                    /**
                                     * @default all
                                     * @enum {string}
                                     */
                                    accounts: "all" | "without_person" | "of_inactive_people";
                                    unusedForDays?: number;
                                    /** @default false */
                                    inViolation: boolean;
                                };
                                policyId: string;
                                /**
                                 * @default leave_open
                                 * @enum {string}
                                 */
                                dueAction: "leave_open" | "close" | "revoke";
                                confirmRevokeAtDue?: boolean;
                                /** @default false */
                                approveCommentRequired: boolean;
                                durationDays: number;
                            };
                            lastRunAt: string | null;
                            nextRunAt: string | null;
                            lastCampaign: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                state: "draft" | "starting" | "running" | "completed" | "cancelled";
                            } | null;
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
    "/api/v1/campaign-templates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A recurring campaign */
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
                            schedule: string;
                            enabled: boolean;
                            campaign: {
                                name: string;
                                /** @default  */
                                description: string;
                                ownerId?: string;
                                scope: {
                                    /** @default [] */
                                    apps: {
                                        appId: string;
                                        entitlementIds?: string[];
                                        resourceTypes?: string[];
                                    }[];
                                    /** @default {} */
                                    people: {
                                        departments?: string[];
                                        managerIds?: string[];
                                        personIds?: string[];
                                    };
                                    /** @default false */
                                    includeInherited: boolean;
                                    grantedWithinDays?: number;
                                    /**
                                     * @default all
                                     * @enum {string}
                                     */
                                    accounts: "all" | "without_person" | "of_inactive_people";
                                    unusedForDays?: number;
                                    /** @default false */
                                    inViolation: boolean;
                                };
                                policyId: string;
                                /**
                                 * @default leave_open
                                 * @enum {string}
                                 */
                                dueAction: "leave_open" | "close" | "revoke";
                                confirmRevokeAtDue?: boolean;
                                /** @default false */
                                approveCommentRequired: boolean;
                                durationDays: number;
                            };
                            lastRunAt: string | null;
                            nextRunAt: string | null;
                            lastCampaign: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                state: "draft" | "starting" | "running" | "completed" | "cancelled";
                            } | null;
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        /** Replace a recurring campaign’s definition and schedule (the campaigns it made stay as they are) */
        put: {
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
                        name: string;
                        schedule: string;
                        /** @default true */
                        enabled?: boolean;
                        campaign: {
                            name: string;
                            /** @default  */
                            description?: string;
                            ownerId?: string;
                            scope: {
                                /** @default [] */
                                apps?: {
                                    appId: string;
                                    entitlementIds?: string[];
                                    resourceTypes?: string[];
                                }[];
                                /** @default {} */
                                people?: {
                                    departments?: string[];
                                    managerIds?: string[];
                                    personIds?: string[];
                                };
                                /** @default false */
                                includeInherited?: boolean;
                                grantedWithinDays?: number;
                                /**
                                 * @default all
                                 * @enum {string}
                                 */
                                accounts?: "all" | "without_person" | "of_inactive_people";
                                unusedForDays?: number;
                                /** @default false */
                                inViolation?: boolean;
                            };
                            policyId: string;
                            /**
                             * @default leave_open
                             * @enum {string}
                             */
                            dueAction?: "leave_open" | "close" | "revoke";
                            confirmRevokeAtDue?: boolean;
                            /** @default false */
                            approveCommentRequired?: boolean;
                            durationDays: number;
                        };
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
                            schedule: string;
                            enabled: boolean;
                            campaign: {
                                name: string;
                                /** @default  */
                                description: string;
                                ownerId?: string;
                                scope: {
                                    /** @default [] */
                                    apps: {
                                        appId: string;
                                        entitlementIds?: string[];
                                        resourceTypes?: string[];
                                    }[];
                                    /** @default {} */
                                    people: {
                                        departments?: string[];
                                        managerIds?: string[];
                                        personIds?: string[];
                                    };
                                    /** @default false */
                                    includeInherited: boolean;
                                    grantedWithinDays?: number;
                                    /**
                                     * @default all
                                     * @enum {string}
                                     */
                                    accounts: "all" | "without_person" | "of_inactive_people";
                                    unusedForDays?: number;
                                    /** @default false */
                                    inViolation: boolean;
                                };
                                policyId: string;
                                /**
                                 * @default leave_open
                                 * @enum {string}
                                 */
                                dueAction: "leave_open" | "close" | "revoke";
                                confirmRevokeAtDue?: boolean;
                                /** @default false */
                                approveCommentRequired: boolean;
                                durationDays: number;
                            };
                            lastRunAt: string | null;
                            nextRunAt: string | null;
                            lastCampaign: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                state: "draft" | "starting" | "running" | "completed" | "cancelled";
                            } | null;
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Stop a recurring campaign (its campaigns stay) */
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
        /** Pause or resume a recurring campaign (a moment passed while paused is not made up) */
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
                        enabled: boolean;
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
                            schedule: string;
                            enabled: boolean;
                            campaign: {
                                name: string;
                                /** @default  */
                                description: string;
                                ownerId?: string;
                                scope: {
                                    /** @default [] */
                                    apps: {
                                        appId: string;
                                        entitlementIds?: string[];
                                        resourceTypes?: string[];
                                    }[];
                                    /** @default {} */
                                    people: {
                                        departments?: string[];
                                        managerIds?: string[];
                                        personIds?: string[];
                                    };
                                    /** @default false */
                                    includeInherited: boolean;
                                    grantedWithinDays?: number;
                                    /**
                                     * @default all
                                     * @enum {string}
                                     */
                                    accounts: "all" | "without_person" | "of_inactive_people";
                                    unusedForDays?: number;
                                    /** @default false */
                                    inViolation: boolean;
                                };
                                policyId: string;
                                /**
                                 * @default leave_open
                                 * @enum {string}
                                 */
                                dueAction: "leave_open" | "close" | "revoke";
                                confirmRevokeAtDue?: boolean;
                                /** @default false */
                                approveCommentRequired: boolean;
                                durationDays: number;
                            };
                            lastRunAt: string | null;
                            nextRunAt: string | null;
                            lastCampaign: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                state: "draft" | "starting" | "running" | "completed" | "cancelled";
                            } | null;
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My access reviews: the running campaigns with items waiting for me, and how many */
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
                                campaignId: string;
                                name: string;
                                dueAt: string;
                                pending: number;
                                decided: number;
                                approving: number;
                                revoking: number;
                                approveCommentRequired: boolean;
                                overdue: boolean;
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
    "/api/v1/reviews/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My review items (pending by default), grouped by person, app or entitlement */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                    state?: "pending" | "approved" | "revoked" | "not_reviewed" | "removed";
                    appId?: string;
                    entitlementId?: string;
                    personId?: string;
                    recommendation?: "approve" | "revoke";
                    decided?: "true" | "false";
                    q?: string;
                    sort?: "person" | "app" | "entitlement";
                    campaignId?: string;
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
                                campaignId: string;
                                campaignName: string;
                                dueAt: string;
                                app: {
                                    id: string;
                                    name: string;
                                };
                                entitlement: {
                                    id: string;
                                    name: string;
                                };
                                resource: {
                                    type: string;
                                    id: string;
                                };
                                principal: {
                                    type: string;
                                    id: string;
                                    name: string;
                                };
                                account: {
                                    status: string | null;
                                    lastUse: string | null;
                                };
                                direct: boolean;
                                sources: string[];
                                firstSeen: string | null;
                                person: {
                                    id: string;
                                    name: string;
                                    email: string;
                                    title: string | null;
                                    department: string | null;
                                    status: string;
                                    manager: string | null;
                                    managerEmail: string | null;
                                } | null;
                                step: number;
                                stepName: string;
                                steps: number;
                                reviewer: {
                                    id: string;
                                    name: string;
                                } | null;
                                assignedBecause: string | null;
                                /** @enum {string} */
                                state: "pending" | "approved" | "revoked" | "not_reviewed" | "removed";
                                /** @enum {string|null} */
                                decision: "approve" | "revoke" | null;
                                comment: string | null;
                                decidedAt: string | null;
                                recommendation: {
                                    /** @enum {string} */
                                    decision: "approve" | "revoke";
                                    reason: string;
                                } | null;
                                peers: {
                                    holding: number;
                                    total: number;
                                } | null;
                                previousDecision: string | null;
                                tasks: {
                                    id: string;
                                    state: string;
                                    verification: string | null;
                                    summary: string;
                                    error: string | null;
                                }[];
                                conflicts: {
                                    ruleId: string;
                                    name: string;
                                    severity: string;
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
    "/api/v1/reviews/items/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One review item with its history (its reviewer, or campaign readers) */
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
                            campaignId: string;
                            campaignName: string;
                            dueAt: string;
                            app: {
                                id: string;
                                name: string;
                            };
                            entitlement: {
                                id: string;
                                name: string;
                            };
                            resource: {
                                type: string;
                                id: string;
                            };
                            principal: {
                                type: string;
                                id: string;
                                name: string;
                            };
                            account: {
                                status: string | null;
                                lastUse: string | null;
                            };
                            direct: boolean;
                            sources: string[];
                            firstSeen: string | null;
                            person: {
                                id: string;
                                name: string;
                                email: string;
                                title: string | null;
                                department: string | null;
                                status: string;
                                manager: string | null;
                                managerEmail: string | null;
                            } | null;
                            step: number;
                            stepName: string;
                            steps: number;
                            reviewer: {
                                id: string;
                                name: string;
                            } | null;
                            assignedBecause: string | null;
                            /** @enum {string} */
                            state: "pending" | "approved" | "revoked" | "not_reviewed" | "removed";
                            /** @enum {string|null} */
                            decision: "approve" | "revoke" | null;
                            comment: string | null;
                            decidedAt: string | null;
                            recommendation: {
                                /** @enum {string} */
                                decision: "approve" | "revoke";
                                reason: string;
                            } | null;
                            peers: {
                                holding: number;
                                total: number;
                            } | null;
                            previousDecision: string | null;
                            tasks: {
                                id: string;
                                state: string;
                                verification: string | null;
                                summary: string;
                                error: string | null;
                            }[];
                            conflicts: {
                                ruleId: string;
                                name: string;
                                severity: string;
                            }[];
                            history: {
                                kind: string;
                                step: number;
                                decision: string | null;
                                comment: string | null;
                                at: string;
                                actor: {
                                    id: string;
                                    name: string;
                                } | null;
                                reviewer: {
                                    id: string;
                                    name: string;
                                } | null;
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
    "/api/v1/reviews/decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decide on my items: approve or revoke (a comment is required to revoke), or clear (null); by ids or over a filter. Nothing is final until I submit */
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
                        ids?: string[];
                        filter?: {
                            campaignId: string;
                            appId?: string;
                            entitlementId?: string;
                            personId?: string;
                            /** @enum {string} */
                            recommendation?: "approve" | "revoke";
                            undecided?: boolean;
                        };
                        /** @enum {string|null} */
                        decision: "approve" | "revoke" | null;
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
                            updated: number;
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
    "/api/v1/reviews/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Submit my decisions in a campaign: final and audited; approvals go to the next step, revocations are carried out */
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
                        campaignId: string;
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
                            submitted: number;
                            approved: number;
                            revoked: number;
                            advanced: number;
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
    "/api/v1/reviews/reassign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hand items to another reviewer, with a reason (my items; Campaign Administrators: any) */
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
                        ids: string[];
                        toUserId: string;
                        reason: string;
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
                            reassigned: number;
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
    "/api/v1/reviews/reviewers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Enabled platform users to reassign or delegate to, by name or email */
        get: {
            parameters: {
                query?: {
                    q?: string;
                    limit?: number;
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
                                email: string;
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
    "/api/v1/reviews/delegations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Delegations that are current or coming: mine (to me or from me); every one for Campaign Administrators */
        get: {
            parameters: {
                query?: {
                    all?: "true" | "false";
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
                                user: {
                                    id: string;
                                    name: string;
                                };
                                delegate: {
                                    id: string;
                                    name: string;
                                };
                                startsAt: string;
                                endsAt: string;
                                active: boolean;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** While I am away, my new review items go to a delegate (Campaign Administrators may set one for anyone) */
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
                        userId?: string;
                        delegateId: string;
                        /** Format: date-time */
                        startsAt: string;
                        /** Format: date-time */
                        endsAt: string;
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
                            user: {
                                id: string;
                                name: string;
                            };
                            delegate: {
                                id: string;
                                name: string;
                            };
                            startsAt: string;
                            endsAt: string;
                            active: boolean;
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
    "/api/v1/reviews/delegations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End a delegation */
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
    "/api/v1/conflict-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Access conflict rules (separation of duties), with their open violations */
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
                                description: string;
                                /** @enum {string} */
                                severity: "low" | "medium" | "high" | "critical";
                                owner: {
                                    id: string;
                                    name: string;
                                    email: string;
                                };
                                sideA: {
                                    appId: string;
                                    entitlementId: string;
                                    appName: string;
                                    entitlementName: string | null;
                                }[];
                                sideB: {
                                    appId: string;
                                    entitlementId: string;
                                    appName: string;
                                    entitlementName: string | null;
                                }[];
                                enabled: boolean;
                                openViolations: number;
                                createdAt: string;
                                updatedAt: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** A rule: two sets of entitlements (across apps) one person must not hold together; violations are found at once and after every sync */
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
                        /** @default  */
                        description?: string;
                        /**
                         * @default high
                         * @enum {string}
                         */
                        severity?: "low" | "medium" | "high" | "critical";
                        ownerId: string;
                        sideA: {
                            appId: string;
                            entitlementId: string;
                        }[];
                        sideB: {
                            appId: string;
                            entitlementId: string;
                        }[];
                        /** @default true */
                        enabled?: boolean;
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
                            /** @enum {string} */
                            severity: "low" | "medium" | "high" | "critical";
                            owner: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            sideA: {
                                appId: string;
                                entitlementId: string;
                                appName: string;
                                entitlementName: string | null;
                            }[];
                            sideB: {
                                appId: string;
                                entitlementId: string;
                                appName: string;
                                entitlementName: string | null;
                            }[];
                            enabled: boolean;
                            openViolations: number;
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
    "/api/v1/conflict-rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace a conflict rule */
        put: {
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
                        name: string;
                        /** @default  */
                        description?: string;
                        /**
                         * @default high
                         * @enum {string}
                         */
                        severity?: "low" | "medium" | "high" | "critical";
                        ownerId: string;
                        sideA: {
                            appId: string;
                            entitlementId: string;
                        }[];
                        sideB: {
                            appId: string;
                            entitlementId: string;
                        }[];
                        /** @default true */
                        enabled?: boolean;
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
                            /** @enum {string} */
                            severity: "low" | "medium" | "high" | "critical";
                            owner: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            sideA: {
                                appId: string;
                                entitlementId: string;
                                appName: string;
                                entitlementName: string | null;
                            }[];
                            sideB: {
                                appId: string;
                                entitlementId: string;
                                appName: string;
                                entitlementName: string | null;
                            }[];
                            enabled: boolean;
                            openViolations: number;
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Delete a conflict rule and its violations */
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
    "/api/v1/conflict-rules/{id}/evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Look for violations of a rule now (syncs do it after every ingest) */
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
                            opened: number;
                            resolved: number;
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
    "/api/v1/violations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** People holding both sides of a rule (App owners: those involving their apps) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    state?: "open" | "resolved" | "exempted";
                    ruleId?: string;
                    personId?: string;
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
                                rule: {
                                    id: string;
                                    name: string;
                                    /** @enum {string} */
                                    severity: "low" | "medium" | "high" | "critical";
                                };
                                person: {
                                    id: string;
                                    name: string;
                                    email: string;
                                };
                                /** @enum {string} */
                                state: "open" | "resolved" | "exempted";
                                sideA: {
                                    appId: string;
                                    entitlementId: string;
                                    accountId: string;
                                    through: string[];
                                }[];
                                sideB: {
                                    appId: string;
                                    entitlementId: string;
                                    accountId: string;
                                    through: string[];
                                }[];
                                appIds: string[];
                                firstSeenAt: string;
                                lastSeenAt: string;
                                resolvedAt: string | null;
                                exemption: {
                                    reason: string;
                                    until: string | null;
                                    by: string | null;
                                } | null;
                            }[];
                            /** @enum {string|null} */
                            nextCursor: null;
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
    "/api/v1/violations/{id}/exempt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exempt an open violation, with a reason and an end date (then it opens again if still held) */
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
                        reason: string;
                        /** Format: date-time */
                        until: string;
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
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/request-catalog": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What may be requested, searchable by name; beside each, whether I hold it, my open request for it, and how many of my peers (same title and department) hold it */
        get: {
            parameters: {
                query?: {
                    q?: string;
                    appId?: string;
                    limit?: number;
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
                                entitlementId: string;
                                name: string;
                                resourceType: string;
                                maxDurationMinutes: number | null;
                                defaultDurationMinutes: number;
                                reasonRequired: boolean;
                                emergencyAllowed: boolean;
                                onBehalfAllowed: boolean;
                                held: boolean;
                                open: {
                                    requestId: string;
                                    state: string;
                                } | null;
                                peersHolding: number;
                                peers: number;
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
    "/api/v1/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Requests: mine (asked by me or for me), approvals (waiting for me), or all (request readers; App owners: their apps’) */
        get: {
            parameters: {
                query?: {
                    kind?: "mine" | "approvals" | "all";
                    state?: "pending" | "denied" | "cancelled" | "expired" | "provisioning" | "active" | "revoking" | "ended" | "failed";
                    limit?: number;
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
                                requester: {
                                    id: string;
                                    name: string;
                                    email: string;
                                };
                                person: {
                                    id: string;
                                    name: string;
                                    email: string;
                                };
                                app: {
                                    id: string;
                                    name: string;
                                };
                                entitlement: {
                                    id: string;
                                    name: string;
                                };
                                accountId: string;
                                durationMinutes: number | null;
                                reason: string;
                                emergency: boolean;
                                /** @enum {string} */
                                state: "pending" | "denied" | "cancelled" | "expired" | "provisioning" | "active" | "revoking" | "ended" | "failed";
                                policy: {
                                    rule: string | null;
                                    /** @enum {string} */
                                    outcome: "approve" | "deny" | "steps";
                                    steps: number;
                                    /** @description a policy’s denial: its message to the requester */
                                    message: string | null;
                                };
                                step: number;
                                approvers: {
                                    id: string;
                                    name: string;
                                    email: string;
                                }[];
                                stepDueAt: string | null;
                                conflicts: {
                                    ruleId: string;
                                    name: string;
                                    severity: string;
                                }[];
                                extendsId: string | null;
                                bundleRequestId: string | null;
                                task: {
                                    id: string;
                                    state: string;
                                    verification: string | null;
                                } | null;
                                revokeTask: {
                                    id: string;
                                    state: string;
                                    verification: string | null;
                                } | null;
                                grantedAt: string | null;
                                expiresAt: string | null;
                                decideBy: string;
                                createdAt: string;
                                updatedAt: string;
                            }[];
                            /** @enum {string|null} */
                            nextCursor: null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Ask for an entitlement for a while (or for someone else, where allowed); the policy approves, denies or asks approvers */
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
                        entitlementId: string;
                        forPersonId?: string;
                        durationMinutes?: number | null;
                        /** @default  */
                        reason?: string;
                        /** @default false */
                        emergency?: boolean;
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
                            requester: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            person: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            app: {
                                id: string;
                                name: string;
                            };
                            entitlement: {
                                id: string;
                                name: string;
                            };
                            accountId: string;
                            durationMinutes: number | null;
                            reason: string;
                            emergency: boolean;
                            /** @enum {string} */
                            state: "pending" | "denied" | "cancelled" | "expired" | "provisioning" | "active" | "revoking" | "ended" | "failed";
                            policy: {
                                rule: string | null;
                                /** @enum {string} */
                                outcome: "approve" | "deny" | "steps";
                                steps: number;
                                /** @description a policy’s denial: its message to the requester */
                                message: string | null;
                            };
                            step: number;
                            approvers: {
                                id: string;
                                name: string;
                                email: string;
                            }[];
                            stepDueAt: string | null;
                            conflicts: {
                                ruleId: string;
                                name: string;
                                severity: string;
                            }[];
                            extendsId: string | null;
                            bundleRequestId: string | null;
                            task: {
                                id: string;
                                state: string;
                                verification: string | null;
                            } | null;
                            revokeTask: {
                                id: string;
                                state: string;
                                verification: string | null;
                            } | null;
                            grantedAt: string | null;
                            expiresAt: string | null;
                            decideBy: string;
                            createdAt: string;
                            updatedAt: string;
                            history: {
                                at: string;
                                kind: string;
                                detail: string;
                                actor: {
                                    id: string;
                                    name: string;
                                } | null;
                            }[];
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
    "/api/v1/requests/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** What asking would do, asking nothing: the policy and rule that decide, the approvers’ steps, the conflicts it would create. Request policy administrators may test a saved policy (policyId) as someone of the directory (asPersonId) */
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
                        entitlementId: string;
                        forPersonId?: string;
                        durationMinutes?: number | null;
                        /** @default  */
                        reason?: string;
                        /** @default false */
                        emergency?: boolean;
                        policyId?: string;
                        asPersonId?: string;
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
                            policy: {
                                id: string | null;
                                name: string;
                            };
                            rule: string | null;
                            outcome: {
                                /** @enum {string} */
                                kind: "approve";
                            } | {
                                /** @enum {string} */
                                kind: "deny";
                                message: string;
                            } | {
                                /** @enum {string} */
                                kind: "steps";
                                steps: {
                                    name?: string;
                                    /** @enum {string} */
                                    approvers: "manager" | "app_owners" | "entitlement_owners" | "users" | "group";
                                    /** @default [] */
                                    userIds: string[];
                                    groupIds?: string[];
                                    /** @default 72 */
                                    timeoutHours: number;
                                    /**
                                     * @default deny
                                     * @enum {string}
                                     */
                                    onTimeout: "deny" | "escalate";
                                    /** @default [] */
                                    escalateTo: string[];
                                }[];
                            };
                            steps: {
                                approvers: {
                                    id: string;
                                    name: string;
                                    email: string;
                                }[];
                                groups: {
                                    id: string;
                                    name: string;
                                }[];
                            }[];
                            conflicts: {
                                ruleId: string;
                                name: string;
                                severity: string;
                            }[];
                            durationMinutes: number | null;
                            errors: {
                                rule: string;
                                error: string;
                            }[];
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
    "/api/v1/request-catalog/people": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** People of the directory to request access for (where an entitlement allows asking for someone else), by name or email */
        get: {
            parameters: {
                query: {
                    q: string;
                    limit?: number;
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
                                displayName: string;
                                email: string;
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
    "/api/v1/requests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A request with its whole history */
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
                            requester: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            person: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            app: {
                                id: string;
                                name: string;
                            };
                            entitlement: {
                                id: string;
                                name: string;
                            };
                            accountId: string;
                            durationMinutes: number | null;
                            reason: string;
                            emergency: boolean;
                            /** @enum {string} */
                            state: "pending" | "denied" | "cancelled" | "expired" | "provisioning" | "active" | "revoking" | "ended" | "failed";
                            policy: {
                                rule: string | null;
                                /** @enum {string} */
                                outcome: "approve" | "deny" | "steps";
                                steps: number;
                                /** @description a policy’s denial: its message to the requester */
                                message: string | null;
                            };
                            step: number;
                            approvers: {
                                id: string;
                                name: string;
                                email: string;
                            }[];
                            stepDueAt: string | null;
                            conflicts: {
                                ruleId: string;
                                name: string;
                                severity: string;
                            }[];
                            extendsId: string | null;
                            bundleRequestId: string | null;
                            task: {
                                id: string;
                                state: string;
                                verification: string | null;
                            } | null;
                            revokeTask: {
                                id: string;
                                state: string;
                                verification: string | null;
                            } | null;
                            grantedAt: string | null;
                            expiresAt: string | null;
                            decideBy: string;
                            createdAt: string;
                            updatedAt: string;
                            history: {
                                at: string;
                                kind: string;
                                detail: string;
                                actor: {
                                    id: string;
                                    name: string;
                                } | null;
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
    "/api/v1/requests/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve the current step (approvers only; never one’s own request) */
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
                            requester: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            person: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            app: {
                                id: string;
                                name: string;
                            };
                            entitlement: {
                                id: string;
                                name: string;
                            };
                            accountId: string;
                            durationMinutes: number | null;
                            reason: string;
                            emergency: boolean;
                            /** @enum {string} */
                            state: "pending" | "denied" | "cancelled" | "expired" | "provisioning" | "active" | "revoking" | "ended" | "failed";
                            policy: {
                                rule: string | null;
                                /** @enum {string} */
                                outcome: "approve" | "deny" | "steps";
                                steps: number;
                                /** @description a policy’s denial: its message to the requester */
                                message: string | null;
                            };
                            step: number;
                            approvers: {
                                id: string;
                                name: string;
                                email: string;
                            }[];
                            stepDueAt: string | null;
                            conflicts: {
                                ruleId: string;
                                name: string;
                                severity: string;
                            }[];
                            extendsId: string | null;
                            bundleRequestId: string | null;
                            task: {
                                id: string;
                                state: string;
                                verification: string | null;
                            } | null;
                            revokeTask: {
                                id: string;
                                state: string;
                                verification: string | null;
                            } | null;
                            grantedAt: string | null;
                            expiresAt: string | null;
                            decideBy: string;
                            createdAt: string;
                            updatedAt: string;
                            history: {
                                at: string;
                                kind: string;
                                detail: string;
                                actor: {
                                    id: string;
                                    name: string;
                                } | null;
                            }[];
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
    "/api/v1/requests/{id}/deny": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deny, with a reason (approvers only) */
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
                        reason: string;
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
                            requester: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            person: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            app: {
                                id: string;
                                name: string;
                            };
                            entitlement: {
                                id: string;
                                name: string;
                            };
                            accountId: string;
                            durationMinutes: number | null;
                            reason: string;
                            emergency: boolean;
                            /** @enum {string} */
                            state: "pending" | "denied" | "cancelled" | "expired" | "provisioning" | "active" | "revoking" | "ended" | "failed";
                            policy: {
                                rule: string | null;
                                /** @enum {string} */
                                outcome: "approve" | "deny" | "steps";
                                steps: number;
                                /** @description a policy’s denial: its message to the requester */
                                message: string | null;
                            };
                            step: number;
                            approvers: {
                                id: string;
                                name: string;
                                email: string;
                            }[];
                            stepDueAt: string | null;
                            conflicts: {
                                ruleId: string;
                                name: string;
                                severity: string;
                            }[];
                            extendsId: string | null;
                            bundleRequestId: string | null;
                            task: {
                                id: string;
                                state: string;
                                verification: string | null;
                            } | null;
                            revokeTask: {
                                id: string;
                                state: string;
                                verification: string | null;
                            } | null;
                            grantedAt: string | null;
                            expiresAt: string | null;
                            decideBy: string;
                            createdAt: string;
                            updatedAt: string;
                            history: {
                                at: string;
                                kind: string;
                                detail: string;
                                actor: {
                                    id: string;
                                    name: string;
                                } | null;
                            }[];
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
    "/api/v1/requests/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Withdraw a pending request */
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
                            requester: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            person: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            app: {
                                id: string;
                                name: string;
                            };
                            entitlement: {
                                id: string;
                                name: string;
                            };
                            accountId: string;
                            durationMinutes: number | null;
                            reason: string;
                            emergency: boolean;
                            /** @enum {string} */
                            state: "pending" | "denied" | "cancelled" | "expired" | "provisioning" | "active" | "revoking" | "ended" | "failed";
                            policy: {
                                rule: string | null;
                                /** @enum {string} */
                                outcome: "approve" | "deny" | "steps";
                                steps: number;
                                /** @description a policy’s denial: its message to the requester */
                                message: string | null;
                            };
                            step: number;
                            approvers: {
                                id: string;
                                name: string;
                                email: string;
                            }[];
                            stepDueAt: string | null;
                            conflicts: {
                                ruleId: string;
                                name: string;
                                severity: string;
                            }[];
                            extendsId: string | null;
                            bundleRequestId: string | null;
                            task: {
                                id: string;
                                state: string;
                                verification: string | null;
                            } | null;
                            revokeTask: {
                                id: string;
                                state: string;
                                verification: string | null;
                            } | null;
                            grantedAt: string | null;
                            expiresAt: string | null;
                            decideBy: string;
                            createdAt: string;
                            updatedAt: string;
                            history: {
                                at: string;
                                kind: string;
                                detail: string;
                                actor: {
                                    id: string;
                                    name: string;
                                } | null;
                            }[];
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
    "/api/v1/requests/{id}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** "I’m done": give the access back now (only what this request granted) */
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
                            requester: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            person: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            app: {
                                id: string;
                                name: string;
                            };
                            entitlement: {
                                id: string;
                                name: string;
                            };
                            accountId: string;
                            durationMinutes: number | null;
                            reason: string;
                            emergency: boolean;
                            /** @enum {string} */
                            state: "pending" | "denied" | "cancelled" | "expired" | "provisioning" | "active" | "revoking" | "ended" | "failed";
                            policy: {
                                rule: string | null;
                                /** @enum {string} */
                                outcome: "approve" | "deny" | "steps";
                                steps: number;
                                /** @description a policy’s denial: its message to the requester */
                                message: string | null;
                            };
                            step: number;
                            approvers: {
                                id: string;
                                name: string;
                                email: string;
                            }[];
                            stepDueAt: string | null;
                            conflicts: {
                                ruleId: string;
                                name: string;
                                severity: string;
                            }[];
                            extendsId: string | null;
                            bundleRequestId: string | null;
                            task: {
                                id: string;
                                state: string;
                                verification: string | null;
                            } | null;
                            revokeTask: {
                                id: string;
                                state: string;
                                verification: string | null;
                            } | null;
                            grantedAt: string | null;
                            expiresAt: string | null;
                            decideBy: string;
                            createdAt: string;
                            updatedAt: string;
                            history: {
                                at: string;
                                kind: string;
                                detail: string;
                                actor: {
                                    id: string;
                                    name: string;
                                } | null;
                            }[];
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
    "/api/v1/requests/{id}/extend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask for more time: a new request through the same policy; approved, it moves the expiry */
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
                        durationMinutes: number;
                        /** @default  */
                        reason?: string;
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
                            requester: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            person: {
                                id: string;
                                name: string;
                                email: string;
                            };
                            app: {
                                id: string;
                                name: string;
                            };
                            entitlement: {
                                id: string;
                                name: string;
                            };
                            accountId: string;
                            durationMinutes: number | null;
                            reason: string;
                            emergency: boolean;
                            /** @enum {string} */
                            state: "pending" | "denied" | "cancelled" | "expired" | "provisioning" | "active" | "revoking" | "ended" | "failed";
                            policy: {
                                rule: string | null;
                                /** @enum {string} */
                                outcome: "approve" | "deny" | "steps";
                                steps: number;
                                /** @description a policy’s denial: its message to the requester */
                                message: string | null;
                            };
                            step: number;
                            approvers: {
                                id: string;
                                name: string;
                                email: string;
                            }[];
                            stepDueAt: string | null;
                            conflicts: {
                                ruleId: string;
                                name: string;
                                severity: string;
                            }[];
                            extendsId: string | null;
                            bundleRequestId: string | null;
                            task: {
                                id: string;
                                state: string;
                                verification: string | null;
                            } | null;
                            revokeTask: {
                                id: string;
                                state: string;
                                verification: string | null;
                            } | null;
                            grantedAt: string | null;
                            expiresAt: string | null;
                            decideBy: string;
                            createdAt: string;
                            updatedAt: string;
                            history: {
                                at: string;
                                kind: string;
                                detail: string;
                                actor: {
                                    id: string;
                                    name: string;
                                } | null;
                            }[];
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
    "/api/v1/request-policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Request policies */
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
                                description: string;
                                rules: {
                                    name: string;
                                    condition: string;
                                    outcome: {
                                        /** @enum {string} */
                                        kind: "approve";
                                    } | {
                                        /** @enum {string} */
                                        kind: "deny";
                                        message: string;
                                    } | {
                                        /** @enum {string} */
                                        kind: "steps";
                                        steps: {
                                            name?: string;
                                            /** @enum {string} */
                                            approvers: "manager" | "app_owners" | "entitlement_owners" | "users" | "group";
                                            /** @default [] */
                                            userIds: string[];
                                            groupIds?: string[];
                                            /** @default 72 */
                                            timeoutHours: number;
                                            /**
                                             * @default deny
                                             * @enum {string}
                                             */
                                            onTimeout: "deny" | "escalate";
                                            /** @default [] */
                                            escalateTo: string[];
                                        }[];
                                    };
                                }[];
                                baseline: {
                                    /** @enum {string} */
                                    kind: "approve";
                                } | {
                                    /** @enum {string} */
                                    kind: "deny";
                                    message: string;
                                } | {
                                    /** @enum {string} */
                                    kind: "steps";
                                    steps: {
                                        name?: string;
                                        /** @enum {string} */
                                        approvers: "manager" | "app_owners" | "entitlement_owners" | "users" | "group";
                                        /** @default [] */
                                        userIds: string[];
                                        groupIds?: string[];
                                        /** @default 72 */
                                        timeoutHours: number;
                                        /**
                                         * @default deny
                                         * @enum {string}
                                         */
                                        onTimeout: "deny" | "escalate";
                                        /** @default [] */
                                        escalateTo: string[];
                                    }[];
                                };
                                createdAt: string;
                                updatedAt: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** A request policy: rules (a CEL condition and an outcome) in order, then a baseline; conditions that do not parse are refused with the error’s position */
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
                        /** @default  */
                        description?: string;
                        /** @default [] */
                        rules?: {
                            name: string;
                            condition: string;
                            outcome: {
                                /** @enum {string} */
                                kind: "approve";
                            } | {
                                /** @enum {string} */
                                kind: "deny";
                                message: string;
                            } | {
                                /** @enum {string} */
                                kind: "steps";
                                steps: {
                                    name?: string;
                                    /** @enum {string} */
                                    approvers: "manager" | "app_owners" | "entitlement_owners" | "users" | "group";
                                    /** @default [] */
                                    userIds?: string[];
                                    groupIds?: string[];
                                    /** @default 72 */
                                    timeoutHours?: number;
                                    /**
                                     * @default deny
                                     * @enum {string}
                                     */
                                    onTimeout?: "deny" | "escalate";
                                    /** @default [] */
                                    escalateTo?: string[];
                                }[];
                            };
                        }[];
                        /**
                         * @default {
                         *       "kind": "steps",
                         *       "steps": [
                         *         {
                         *           "approvers": "manager",
                         *           "userIds": [],
                         *           "timeoutHours": 72,
                         *           "onTimeout": "deny",
                         *           "escalateTo": []
                         *         }
                         *       ]
                         *     }
                         */
                        baseline?: {
                            /** @enum {string} */
                            kind: "approve";
                        } | {
                            /** @enum {string} */
                            kind: "deny";
                            message: string;
                        } | {
                            /** @enum {string} */
                            kind: "steps";
                            steps: {
                                name?: string;
                                /** @enum {string} */
                                approvers: "manager" | "app_owners" | "entitlement_owners" | "users" | "group";
                                /** @default [] */
                                userIds?: string[];
                                groupIds?: string[];
                                /** @default 72 */
                                timeoutHours?: number;
                                /**
                                 * @default deny
                                 * @enum {string}
                                 */
                                onTimeout?: "deny" | "escalate";
                                /** @default [] */
                                escalateTo?: string[];
                            }[];
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
                            name: string;
                            description: string;
                            rules: {
                                name: string;
                                condition: string;
                                outcome: {
                                    /** @enum {string} */
                                    kind: "approve";
                                } | {
                                    /** @enum {string} */
                                    kind: "deny";
                                    message: string;
                                } | {
                                    /** @enum {string} */
                                    kind: "steps";
                                    steps: {
                                        name?: string;
                                        /** @enum {string} */
                                        approvers: "manager" | "app_owners" | "entitlement_owners" | "users" | "group";
                                        /** @default [] */
                                        userIds: string[];
                                        groupIds?: string[];
                                        /** @default 72 */
                                        timeoutHours: number;
                                        /**
                                         * @default deny
                                         * @enum {string}
                                         */
                                        onTimeout: "deny" | "escalate";
                                        /** @default [] */
                                        escalateTo: string[];
                                    }[];
                                };
                            }[];
                            baseline: {
                                /** @enum {string} */
                                kind: "approve";
                            } | {
                                /** @enum {string} */
                                kind: "deny";
                                message: string;
                            } | {
                                /** @enum {string} */
                                kind: "steps";
                                steps: {
                                    name?: string;
                                    /** @enum {string} */
                                    approvers: "manager" | "app_owners" | "entitlement_owners" | "users" | "group";
                                    /** @default [] */
                                    userIds: string[];
                                    groupIds?: string[];
                                    /** @default 72 */
                                    timeoutHours: number;
                                    /**
                                     * @default deny
                                     * @enum {string}
                                     */
                                    onTimeout: "deny" | "escalate";
                                    /** @default [] */
                                    escalateTo: string[];
                                }[];
                            };
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
    "/api/v1/request-policies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace a request policy */
        put: {
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
                        name: string;
                        /** @default  */
                        description?: string;
                        /** @default [] */
                        rules?: {
                            name: string;
                            condition: string;
                            outcome: {
                                /** @enum {string} */
                                kind: "approve";
                            } | {
                                /** @enum {string} */
                                kind: "deny";
                                message: string;
                            } | {
                                /** @enum {string} */
                                kind: "steps";
                                steps: {
                                    name?: string;
                                    /** @enum {string} */
                                    approvers: "manager" | "app_owners" | "entitlement_owners" | "users" | "group";
                                    /** @default [] */
                                    userIds?: string[];
                                    groupIds?: string[];
                                    /** @default 72 */
                                    timeoutHours?: number;
                                    /**
                                     * @default deny
                                     * @enum {string}
                                     */
                                    onTimeout?: "deny" | "escalate";
                                    /** @default [] */
                                    escalateTo?: string[];
                                }[];
                            };
                        }[];
                        /**
                         * @default {
                         *       "kind": "steps",
                         *       "steps": [
                         *         {
                         *           "approvers": "manager",
                         *           "userIds": [],
                         *           "timeoutHours": 72,
                         *           "onTimeout": "deny",
                         *           "escalateTo": []
                         *         }
                         *       ]
                         *     }
                         */
                        baseline?: {
                            /** @enum {string} */
                            kind: "approve";
                        } | {
                            /** @enum {string} */
                            kind: "deny";
                            message: string;
                        } | {
                            /** @enum {string} */
                            kind: "steps";
                            steps: {
                                name?: string;
                                /** @enum {string} */
                                approvers: "manager" | "app_owners" | "entitlement_owners" | "users" | "group";
                                /** @default [] */
                                userIds?: string[];
                                groupIds?: string[];
                                /** @default 72 */
                                timeoutHours?: number;
                                /**
                                 * @default deny
                                 * @enum {string}
                                 */
                                onTimeout?: "deny" | "escalate";
                                /** @default [] */
                                escalateTo?: string[];
                            }[];
                        };
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
                            rules: {
                                name: string;
                                condition: string;
                                outcome: {
                                    /** @enum {string} */
                                    kind: "approve";
                                } | {
                                    /** @enum {string} */
                                    kind: "deny";
                                    message: string;
                                } | {
                                    /** @enum {string} */
                                    kind: "steps";
                                    steps: {
                                        name?: string;
                                        /** @enum {string} */
                                        approvers: "manager" | "app_owners" | "entitlement_owners" | "users" | "group";
                                        /** @default [] */
                                        userIds: string[];
                                        groupIds?: string[];
                                        /** @default 72 */
                                        timeoutHours: number;
                                        /**
                                         * @default deny
                                         * @enum {string}
                                         */
                                        onTimeout: "deny" | "escalate";
                                        /** @default [] */
                                        escalateTo: string[];
                                    }[];
                                };
                            }[];
                            baseline: {
                                /** @enum {string} */
                                kind: "approve";
                            } | {
                                /** @enum {string} */
                                kind: "deny";
                                message: string;
                            } | {
                                /** @enum {string} */
                                kind: "steps";
                                steps: {
                                    name?: string;
                                    /** @enum {string} */
                                    approvers: "manager" | "app_owners" | "entitlement_owners" | "users" | "group";
                                    /** @default [] */
                                    userIds: string[];
                                    groupIds?: string[];
                                    /** @default 72 */
                                    timeoutHours: number;
                                    /**
                                     * @default deny
                                     * @enum {string}
                                     */
                                    onTimeout: "deny" | "escalate";
                                    /** @default [] */
                                    escalateTo: string[];
                                }[];
                            };
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Delete a request policy no entitlement uses */
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
    "/api/v1/apps/{id}/request-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How an app’s entitlements may be requested (entitlementId null: the app’s defaults) */
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
                                entitlementId: string | null;
                                settings: {
                                    /** @default true */
                                    requestable: boolean;
                                    /**
                                     * @default {
                                     *       "everyone": true,
                                     *       "holdersOf": [],
                                     *       "departments": []
                                     *     }
                                     */
                                    whoMay: {
                                        /** @default true */
                                        everyone: boolean;
                                        /** @default [] */
                                        holdersOf: {
                                            appId: string;
                                            entitlementId: string;
                                        }[];
                                        /** @default [] */
                                        departments: string[];
                                    };
                                    /** @default 480 */
                                    maxDurationMinutes: number | null;
                                    /** @default 60 */
                                    defaultDurationMinutes: number;
                                    /** @default true */
                                    reasonRequired: boolean;
                                    /** @default null */
                                    policyId: string | null;
                                    /** @default false */
                                    emergencyAllowed: boolean;
                                    /** @default 60 */
                                    emergencyDurationMinutes: number;
                                    /** @default false */
                                    onBehalfAllowed: boolean;
                                };
                                /** @description settings.whoMay.holdersOf, named */
                                holdersOf: {
                                    appId: string;
                                    appName: string;
                                    entitlementId: string;
                                    entitlementName: string | null;
                                }[];
                            }[];
                        };
                    };
                };
            };
        };
        /** Make an entitlement (or, with entitlementId null, every entitlement of the app) requestable, and how; settings null removes them */
        put: {
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
                        /** @default null */
                        entitlementId?: string | null;
                        settings: {
                            /** @default true */
                            requestable?: boolean;
                            /**
                             * @default {
                             *       "everyone": true,
                             *       "holdersOf": [],
                             *       "departments": []
                             *     }
                             */
                            whoMay?: {
                                /** @default true */
                                everyone?: boolean;
                                /** @default [] */
                                holdersOf?: {
                                    appId: string;
                                    entitlementId: string;
                                }[];
                                /** @default [] */
                                departments?: string[];
                            };
                            /** @default 480 */
                            maxDurationMinutes?: number | null;
                            /** @default 60 */
                            defaultDurationMinutes?: number;
                            /** @default true */
                            reasonRequired?: boolean;
                            /** @default null */
                            policyId?: string | null;
                            /** @default false */
                            emergencyAllowed?: boolean;
                            /** @default 60 */
                            emergencyDurationMinutes?: number;
                            /** @default false */
                            onBehalfAllowed?: boolean;
                        } | null;
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
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/request-bundles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Bundles of entitlements requested together */
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
                                description: string;
                                items: {
                                    appId: string;
                                    appName: string;
                                    entitlementId: string;
                                    /** @description null: no longer in the app’s catalog */
                                    entitlementName: string | null;
                                }[];
                                createdAt: string;
                                updatedAt: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** A bundle: entitlements across apps requested together, each through its own policy */
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
                        /** @default  */
                        description?: string;
                        items: {
                            appId: string;
                            entitlementId: string;
                        }[];
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
                            items: {
                                appId: string;
                                appName: string;
                                entitlementId: string;
                                /** @description null: no longer in the app’s catalog */
                                entitlementName: string | null;
                            }[];
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
    "/api/v1/request-bundles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a bundle (its requests stay) */
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
    "/api/v1/requests/bundle": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask for every entitlement of a bundle, each through its own policy (checked all first: all are asked or none; what is held or asked for already is left out, with why) */
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
                        bundleId: string;
                        forPersonId?: string;
                        durationMinutes?: number | null;
                        /** @default  */
                        reason?: string;
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
                            bundleRequestId: string;
                            requests: {
                                id: string;
                                requester: {
                                    id: string;
                                    name: string;
                                    email: string;
                                };
                                person: {
                                    id: string;
                                    name: string;
                                    email: string;
                                };
                                app: {
                                    id: string;
                                    name: string;
                                };
                                entitlement: {
                                    id: string;
                                    name: string;
                                };
                                accountId: string;
                                durationMinutes: number | null;
                                reason: string;
                                emergency: boolean;
                                /** @enum {string} */
                                state: "pending" | "denied" | "cancelled" | "expired" | "provisioning" | "active" | "revoking" | "ended" | "failed";
                                policy: {
                                    rule: string | null;
                                    /** @enum {string} */
                                    outcome: "approve" | "deny" | "steps";
                                    steps: number;
                                    /** @description a policy’s denial: its message to the requester */
                                    message: string | null;
                                };
                                step: number;
                                approvers: {
                                    id: string;
                                    name: string;
                                    email: string;
                                }[];
                                stepDueAt: string | null;
                                conflicts: {
                                    ruleId: string;
                                    name: string;
                                    severity: string;
                                }[];
                                extendsId: string | null;
                                bundleRequestId: string | null;
                                task: {
                                    id: string;
                                    state: string;
                                    verification: string | null;
                                } | null;
                                revokeTask: {
                                    id: string;
                                    state: string;
                                    verification: string | null;
                                } | null;
                                grantedAt: string | null;
                                expiresAt: string | null;
                                decideBy: string;
                                createdAt: string;
                                updatedAt: string;
                            }[];
                            skipped: {
                                appId: string;
                                entitlementId: string;
                                reason: string;
                            }[];
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
                            events: ("task.manual" | "task.failed" | "task.drift" | "connector.owner_added" | "connector.error" | "review.kickoff" | "review.reminder" | "review.assigned" | "review.completed" | "conflict.violation" | "request.approval_needed" | "request.decided" | "request.live" | "request.expiring" | "request.emergency")[];
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
                                events: ("task.manual" | "task.failed" | "task.drift" | "connector.owner_added" | "connector.error" | "review.kickoff" | "review.reminder" | "review.assigned" | "review.completed" | "conflict.violation" | "request.approval_needed" | "request.decided" | "request.live" | "request.expiring" | "request.emergency")[];
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
                        events: ("task.manual" | "task.failed" | "task.drift" | "connector.owner_added" | "connector.error" | "review.kickoff" | "review.reminder" | "review.assigned" | "review.completed" | "conflict.violation" | "request.approval_needed" | "request.decided" | "request.live" | "request.expiring" | "request.emergency")[];
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
                            events: ("task.manual" | "task.failed" | "task.drift" | "connector.owner_added" | "connector.error" | "review.kickoff" | "review.reminder" | "review.assigned" | "review.completed" | "conflict.violation" | "request.approval_needed" | "request.decided" | "request.live" | "request.expiring" | "request.emergency")[];
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
                            events: ("task.manual" | "task.failed" | "task.drift" | "connector.owner_added" | "connector.error" | "review.kickoff" | "review.reminder" | "review.assigned" | "review.completed" | "conflict.violation" | "request.approval_needed" | "request.decided" | "request.live" | "request.expiring" | "request.emergency")[];
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
                        events?: ("task.manual" | "task.failed" | "task.drift" | "connector.owner_added" | "connector.error" | "review.kickoff" | "review.reminder" | "review.assigned" | "review.completed" | "conflict.violation" | "request.approval_needed" | "request.decided" | "request.live" | "request.expiring" | "request.emergency")[];
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
                            events: ("task.manual" | "task.failed" | "task.drift" | "connector.owner_added" | "connector.error" | "review.kickoff" | "review.reminder" | "review.assigned" | "review.completed" | "conflict.violation" | "request.approval_needed" | "request.decided" | "request.live" | "request.expiring" | "request.emergency")[];
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
    "/api/v1/sso/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Single sign-on providers (OpenID Connect) */
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
                                issuer: string;
                                clientId: string;
                                /** @enum {string} */
                                clientSecret: "set" | "not set";
                                scopes: string[];
                                groupsClaim: string;
                                roleMapping: {
                                    group: string;
                                    /** @enum {string} */
                                    role: "super_admin" | "connector_admin" | "app_owner" | "campaign_admin" | "read_only" | "basic_user";
                                }[];
                                enabled: boolean;
                                /** @description register this redirect URI at the provider */
                                redirectUri: string;
                                /** @description register this post-logout redirect URI at the provider */
                                postLogoutRedirectUri: string;
                                createdAt: string;
                                updatedAt: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add an OpenID Connect provider */
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
                        /** @description shown on the sign-in page: "Sign in with <name>" */
                        name: string;
                        /** @description the provider's issuer URL (its discovery document is <issuer>/.well-known/openid-configuration); checked against the outbound address policy */
                        issuer: string;
                        clientId: string;
                        /** @description write-only; omitted on an update: unchanged (it must be entered again when the issuer changes); empty: none (a public client, PKCE only) */
                        clientSecret?: string;
                        /**
                         * @description openid is always asked for
                         * @default [
                         *       "openid",
                         *       "email",
                         *       "profile"
                         *     ]
                         */
                        scopes?: string[];
                        /**
                         * @description the claim (ID token or userinfo) listing the person's groups
                         * @default groups
                         */
                        groupsClaim?: string;
                        /**
                         * @description group → platform role; a person in several mapped groups gets the most privileged role; in none, Basic user. Applied at every sign-in
                         * @default []
                         */
                        roleMapping?: {
                            group: string;
                            /** @enum {string} */
                            role: "super_admin" | "connector_admin" | "app_owner" | "campaign_admin" | "read_only" | "basic_user";
                        }[];
                        /** @default true */
                        enabled?: boolean;
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
                            issuer: string;
                            clientId: string;
                            /** @enum {string} */
                            clientSecret: "set" | "not set";
                            scopes: string[];
                            groupsClaim: string;
                            roleMapping: {
                                group: string;
                                /** @enum {string} */
                                role: "super_admin" | "connector_admin" | "app_owner" | "campaign_admin" | "read_only" | "basic_user";
                            }[];
                            enabled: boolean;
                            /** @description register this redirect URI at the provider */
                            redirectUri: string;
                            /** @description register this post-logout redirect URI at the provider */
                            postLogoutRedirectUri: string;
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
    "/api/v1/sso/providers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One single sign-on provider */
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
                            issuer: string;
                            clientId: string;
                            /** @enum {string} */
                            clientSecret: "set" | "not set";
                            scopes: string[];
                            groupsClaim: string;
                            roleMapping: {
                                group: string;
                                /** @enum {string} */
                                role: "super_admin" | "connector_admin" | "app_owner" | "campaign_admin" | "read_only" | "basic_user";
                            }[];
                            enabled: boolean;
                            /** @description register this redirect URI at the provider */
                            redirectUri: string;
                            /** @description register this post-logout redirect URI at the provider */
                            postLogoutRedirectUri: string;
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        /** Change a single sign-on provider */
        put: {
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
                        /** @description shown on the sign-in page: "Sign in with <name>" */
                        name: string;
                        /** @description the provider's issuer URL (its discovery document is <issuer>/.well-known/openid-configuration); checked against the outbound address policy */
                        issuer: string;
                        clientId: string;
                        /** @description write-only; omitted on an update: unchanged (it must be entered again when the issuer changes); empty: none (a public client, PKCE only) */
                        clientSecret?: string;
                        /**
                         * @description openid is always asked for
                         * @default [
                         *       "openid",
                         *       "email",
                         *       "profile"
                         *     ]
                         */
                        scopes?: string[];
                        /**
                         * @description the claim (ID token or userinfo) listing the person's groups
                         * @default groups
                         */
                        groupsClaim?: string;
                        /**
                         * @description group → platform role; a person in several mapped groups gets the most privileged role; in none, Basic user. Applied at every sign-in
                         * @default []
                         */
                        roleMapping?: {
                            group: string;
                            /** @enum {string} */
                            role: "super_admin" | "connector_admin" | "app_owner" | "campaign_admin" | "read_only" | "basic_user";
                        }[];
                        /** @default true */
                        enabled?: boolean;
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
                            issuer: string;
                            clientId: string;
                            /** @enum {string} */
                            clientSecret: "set" | "not set";
                            scopes: string[];
                            groupsClaim: string;
                            roleMapping: {
                                group: string;
                                /** @enum {string} */
                                role: "super_admin" | "connector_admin" | "app_owner" | "campaign_admin" | "read_only" | "basic_user";
                            }[];
                            enabled: boolean;
                            /** @description register this redirect URI at the provider */
                            redirectUri: string;
                            /** @description register this post-logout redirect URI at the provider */
                            postLogoutRedirectUri: string;
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Delete a single sign-on provider (signed-in sessions stay) */
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
    "/api/v1/sso/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether local passwords sign in */
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
                            /** @description whether platform users sign in with passwords; off, only the break-glass account does (audited) */
                            localPasswords: boolean;
                            /** @description the Super Administrator who keeps password sign-in (by default the first administrator) */
                            breakGlassUserId: string | null;
                        };
                    };
                };
            };
        };
        /** Turn local passwords on or off (the break-glass Super Administrator keeps password sign-in) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        localPasswords: boolean;
                        breakGlassUserId?: string;
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
                            /** @description whether platform users sign in with passwords; off, only the break-glass account does (audited) */
                            localPasswords: boolean;
                            /** @description the Super Administrator who keeps password sign-in (by default the first administrator) */
                            breakGlassUserId: string | null;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sso/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The enabled single sign-on providers (id and name), for the sign-in page */
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
                            }[];
                            localPasswords: boolean;
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
    "/api/v1/auth/sso/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sign in with a single sign-on provider: redirects to it (authorization code with PKCE) */
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
                /** @description a redirect (Location) */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
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
    "/api/v1/auth/sso/{id}/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The provider's redirect back: signs in (the session cookie) and redirects to the UI, or to /login?error=<code> */
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
                /** @description a redirect (Location) */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
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
    "/api/v1/scim-clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** SCIM clients: identity providers that push users and groups to /scim/v2 */
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
                                rotatedAt: string | null;
                                /** @description when the identity provider last called /scim/v2 with this token (to the minute); null: never */
                                lastUsedAt: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a SCIM client; its bearer token is returned once (give it and <server>/scim/v2 to Okta or Entra ID) */
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
                            rotatedAt: string | null;
                            /** @description when the identity provider last called /scim/v2 with this token (to the minute); null: never */
                            lastUsedAt: string | null;
                            /** @description the bearer token for the identity provider; shown only now */
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
    "/api/v1/scim-clients/{id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new token for a SCIM client (returned once); the old one stops at once */
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
                            name: string;
                            createdAt: string;
                            rotatedAt: string | null;
                            /** @description when the identity provider last called /scim/v2 with this token (to the minute); null: never */
                            lastUsedAt: string | null;
                            /** @description the bearer token for the identity provider; shown only now */
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
    "/api/v1/scim-clients/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a SCIM client (its token stops at once) */
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
    "/api/v1/scim-role-map": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** SCIM groups whose members get a platform role (displayName → role; the highest of a user's wins) */
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
                            /**
                             * @description environment: GATEHOUSE_SCIM_ROLE_MAP sets the map, and it cannot be changed here
                             * @enum {string}
                             */
                            source: "environment" | "settings";
                            entries: {
                                group: string;
                                /** @enum {string} */
                                role: "super_admin" | "connector_admin" | "app_owner" | "campaign_admin" | "read_only" | "basic_user";
                            }[];
                        };
                    };
                };
            };
        };
        /** Set the SCIM group → role map; applied to every group member at once (409 while GATEHOUSE_SCIM_ROLE_MAP sets it) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        entries: {
                            group: string;
                            /** @enum {string} */
                            role: "super_admin" | "connector_admin" | "app_owner" | "campaign_admin" | "read_only" | "basic_user";
                        }[];
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
                            /**
                             * @description environment: GATEHOUSE_SCIM_ROLE_MAP sets the map, and it cannot be changed here
                             * @enum {string}
                             */
                            source: "environment" | "settings";
                            entries: {
                                group: string;
                                /** @enum {string} */
                                role: "super_admin" | "connector_admin" | "app_owner" | "campaign_admin" | "read_only" | "basic_user";
                            }[];
                        };
                    };
                };
            };
        };
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
