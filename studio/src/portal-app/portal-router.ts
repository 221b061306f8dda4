import { createRouter, createWebHistory } from 'vue-router';
import { whenSignedOut } from './portal-api';
import { readSession } from './portal-session';

/** Pages a visitor without a session may open. */
const PUBLIC = new Set(['sign-in', 'set-password']);

export const portalRouter = createRouter({
  history: createWebHistory('/portal/'),
  routes: [
    { path: '/sign-in', name: 'sign-in', component: () => import('./pages/sign-in-page.vue') },
    { path: '/set-password', name: 'set-password', component: () => import('./pages/set-password-page.vue') },
    { path: '/', name: 'cases', component: () => import('./pages/cases-page.vue') },
    { path: '/new/:object', name: 'new-case', component: () => import('./pages/new-case-page.vue'), props: true },
    { path: '/:object/:id', name: 'case', component: () => import('./pages/case-page.vue'), props: true },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/not-found-page.vue') },
  ],
});

portalRouter.beforeEach((to) => {
  if (PUBLIC.has(String(to.name)) || readSession()) return true;
  return { name: 'sign-in', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
});

whenSignedOut(() => {
  void portalRouter.push({ name: 'sign-in' });
});
