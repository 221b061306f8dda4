import '@fontsource/inter/400.css';
import '@fontsource/inter/500.css';
import '@fontsource/inter/600.css';
import './styles.css';
import { createApp } from 'vue';
import App from './app.vue';
import { router } from './router';

createApp(App).use(router).mount('#app');
