// Notifications as src/server/routes/notifications.ts answers them (aliases of the types
// generated from the API's OpenAPI document): the caller's settings, and for admins the
// delivery log and retrying a dead-lettered delivery.
import { api, type Answer, type Body, type Item } from './api';

export type NotificationSettings = Answer<'/api/notifications/settings'>;
export type SettingsUpdate = Body<'/api/notifications/settings', 'put'>;
export type DeliveryMode = Item<NotificationSettings['preferences']>['mode'];
export type DeliveryLog = Answer<'/api/notifications/deliveries'>;
export type Delivery = Item<DeliveryLog['items']>;
export type DeliveryStatus = Delivery['status'];

export const notificationKeys = { settings: ['notifications', 'settings'] as const, log: (status: string) => ['notifications', 'log', status] as const };

export const getSettings = () => api<NotificationSettings>('/api/notifications/settings');
export const saveSettings = (body: SettingsUpdate) => api<NotificationSettings>('/api/notifications/settings', { method: 'PUT', body });
export const deliveryLog = (status: DeliveryStatus | '') => api<DeliveryLog>(`/api/notifications/deliveries${status ? `?status=${status}` : ''}`);
export const retryDelivery = (id: string) => api<Delivery>(`/api/notifications/deliveries/${encodeURIComponent(id)}/retry`, { method: 'POST' });
