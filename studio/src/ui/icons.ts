import {
  Banknote,
  Box,
  Briefcase,
  Building2,
  Calendar,
  CheckSquare,
  CircleDollarSign,
  Contact,
  File,
  Flag,
  Folder,
  Handshake,
  Heart,
  Inbox,
  Mail,
  MapPin,
  Megaphone,
  Package,
  Phone,
  ShoppingCart,
  Star,
  StickyNote,
  Tag,
  Target,
  Ticket,
  TrendingUp,
  Truck,
  User,
  Users,
} from 'lucide-vue-next';
import type { Component } from 'vue';

/** Icon names an object may use (metadata `icon`), also offered by the object form. */
export const OBJECT_ICONS: Record<string, Component> = {
  building: Building2,
  company: Building2,
  user: User,
  users: Users,
  person: User,
  contact: Contact,
  briefcase: Briefcase,
  target: Target,
  opportunity: Target,
  dollar: CircleDollarSign,
  money: Banknote,
  handshake: Handshake,
  calendar: Calendar,
  task: CheckSquare,
  check: CheckSquare,
  file: File,
  note: StickyNote,
  folder: Folder,
  mail: Mail,
  phone: Phone,
  box: Box,
  package: Package,
  tag: Tag,
  star: Star,
  flag: Flag,
  heart: Heart,
  inbox: Inbox,
  map: MapPin,
  megaphone: Megaphone,
  cart: ShoppingCart,
  ticket: Ticket,
  trending: TrendingUp,
  truck: Truck,
};

/** Resolves an icon name loosely (`IconBuildingSkyscraper`, `building-2`, `Building`) with a fallback. */
export function objectIcon(name: string | null | undefined): Component {
  if (!name) return Box;
  const key = name
    .toLowerCase()
    .replace(/^icon[-_]?/, '')
    .replace(/[^a-z]/g, '');
  if (OBJECT_ICONS[key]) return OBJECT_ICONS[key];
  const partial = Object.keys(OBJECT_ICONS).find((k) => key.startsWith(k) || key.endsWith(k));
  return partial ? OBJECT_ICONS[partial]! : Box;
}
