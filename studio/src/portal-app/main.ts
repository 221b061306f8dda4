import '@fontsource/inter/400.css';
import '@fontsource/inter/600.css';
import './portal.css';
import { createApp } from 'vue';
import PortalApp from './portal-app.vue';
import { portalRouter } from './portal-router';

createApp(PortalApp).use(portalRouter).mount('#portal');
