import { createRouter, createWebHistory } from 'vue-router';
import { session } from './api/session';

/** Routes of the studio; everything but the signed-out pages needs a session. */
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/sign-in', name: 'sign-in', component: () => import('./pages/sign-in-page.vue'), meta: { public: true } },
    // Invite and reset mails link here (runtime/src/auth/invites.ts, password-reset.ts).
    {
      path: '/accept-invite',
      name: 'accept-invite',
      component: () => import('./pages/accept-invite-page.vue'),
      meta: { public: true },
    },
    {
      path: '/reset-password',
      name: 'reset-password',
      component: () => import('./pages/reset-password-page.vue'),
      meta: { public: true },
    },
    {
      path: '/',
      component: () => import('./shell/app-shell.vue'),
      children: [
        { path: '', name: 'home', component: () => import('./pages/home-page.vue') },
        { path: 'o/:object', name: 'object', component: () => import('./pages/object-page.vue'), props: true },
        { path: 'o/:object/:id', name: 'record', component: () => import('./pages/record-page.vue'), props: true },
        { path: 'admin/objects', name: 'data-model', component: () => import('./pages/data-model-page.vue') },
        {
          path: 'admin/objects/:object',
          name: 'object-settings',
          component: () => import('./pages/object-settings-page.vue'),
          props: true,
        },
        { path: 'admin/diagram', name: 'diagram', component: () => import('./pages/diagram-page.vue') },
        { path: 'admin/portal-users', name: 'portal-users', component: () => import('./pages/portal-users-page.vue') },
        { path: 'admin/portal', name: 'portal-settings', component: () => import('./pages/portal-settings-page.vue') },
        { path: 'admin/secrets', name: 'secrets', component: () => import('./pages/secrets-page.vue') },
        { path: 'admin/forms', name: 'forms', component: () => import('./pages/forms-page.vue') },
        { path: 'admin/webhooks', name: 'webhooks', component: () => import('./pages/webhooks-page.vue') },
        { path: 'admin/members', name: 'members', component: () => import('./pages/members-page.vue') },
        { path: 'admin/api-keys', name: 'api-keys', component: () => import('./pages/api-keys-page.vue') },
        { path: 'admin/roles', name: 'roles', component: () => import('./pages/roles-page.vue') },
        {
          path: 'admin/settings',
          name: 'workspace-settings',
          component: () => import('./pages/workspace-settings-page.vue'),
        },
        { path: 'profile', name: 'profile', component: () => import('./pages/profile-page.vue') },
        { path: 'import', name: 'import', component: () => import('./pages/import-page.vue') },
        { path: 'admin/plugins', name: 'plugins', component: () => import('./plugins/plugins-page.vue') },
        { path: 'dashboards', name: 'dashboards', component: () => import('./dashboards/dashboards-page.vue') },
        { path: 'segments', name: 'segments', component: () => import('./segments/segments-page.vue') },
        { path: 'admin/scoring', name: 'scoring', component: () => import('./scoring/scoring-page.vue') },
        { path: 'admin/workflows', name: 'workflows', component: () => import('./pages/workflows-page.vue') },
        {
          path: 'admin/workflows/:id/runs',
          name: 'workflow-runs',
          component: () => import('./pages/workflow-runs-page.vue'),
          props: true,
        },
        {
          path: 'admin/workflows/:id',
          name: 'workflow',
          component: () => import('./pages/workflow-page.vue'),
          props: true,
        },
        { path: 'tasks', name: 'my-tasks', component: () => import('./pages/my-tasks-page.vue') },
        { path: 'inbox', name: 'inbox', component: () => import('./messages/inbox-page.vue') },
        { path: 'recycle-bin', name: 'recycle-bin', component: () => import('./pages/recycle-bin-page.vue') },
        {
          path: 'admin/config-bundle',
          name: 'config-bundle',
          component: () => import('./bundle/config-bundle-page.vue'),
        },
        { path: 'admin/templates', name: 'templates', component: () => import('./templates/templates-page.vue') },
        { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('./pages/not-found-page.vue') },
      ],
    },
  ],
});

router.beforeEach((to) => {
  if (!to.meta.public && !session.value) return { name: 'sign-in', query: { next: to.fullPath } };
  return true;
});
