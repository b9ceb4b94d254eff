export declare const TEMPLATE_ORIGIN: string;
export declare function renderManifest(template: string, baseUrl: string): string;
