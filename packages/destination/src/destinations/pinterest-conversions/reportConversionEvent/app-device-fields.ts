import type { InputField } from '@segment/actions-core'
import { path } from '../mapping-directives'

const text = (label: string, description: string, source?: string): InputField => ({
  label,
  description,
  type: 'string',
  ...(source && { default: path(source) })
})

const number = (label: string, description: string): InputField => ({ label, description, type: 'number' })

/** The app and device keys Pinterest has at the top of an event, filled from the Segment spec by default. */
export const legacyAppDeviceFields: Record<string, InputField> = {
  app_id: text(
    'App ID',
    'The app’s store ID or bundle ID (Pinterest key `app_id`), from `context.app.namespace`.',
    '$.context.app.namespace'
  ),
  app_name: text('App Name', 'The app name (Pinterest key `app_name`), from `context.app.name`.', '$.context.app.name'),
  app_version: text(
    'App Version',
    'The app version (Pinterest key `app_version`), from `context.app.version`.',
    '$.context.app.version'
  ),
  device_brand: text(
    'Device Brand',
    'The device maker (Pinterest key `device_brand`), from `context.device.manufacturer`.',
    '$.context.device.manufacturer'
  ),
  device_carrier: text(
    'Device Carrier',
    'The mobile network (Pinterest key `device_carrier`), from `context.network.carrier`.',
    '$.context.network.carrier'
  ),
  device_model: text(
    'Device Model',
    'The device model (Pinterest key `device_model`), from `context.device.model`.',
    '$.context.device.model'
  ),
  device_type: text(
    'Device Type',
    'The device type (Pinterest key `device_type`), from `context.device.type`.',
    '$.context.device.type'
  ),
  os_name: text(
    'OS Name',
    'The operating system name, from `context.os.name`. Not sent as a key of its own: it tells app_ios from app_android when Action Source is empty, and fills OS Family of Device Info when that is empty.',
    '$.context.os.name'
  ),
  os_version: text(
    'OS Version',
    'The operating system version (Pinterest key `os_version`), from `context.os.version`.',
    '$.context.os.version'
  ),
  wifi: {
    label: 'Wi-Fi',
    description: 'Whether the device was on Wi-Fi (Pinterest key `wifi`), from `context.network.wifi`.',
    type: 'boolean',
    default: path('$.context.network.wifi')
  }
}

export const appInfoField: InputField = {
  label: 'App Info',
  description:
    'The app the conversion happened in (Pinterest object `app_info`), from `context.app`. Text over Pinterest’s limits (200 characters for IDs and names, 100 for the store and version) and sizes that are not whole numbers from 0 to 30720 are left out with a warning.',
  type: 'object',
  additionalProperties: false,
  properties: {
    app_id: text('App ID', 'The app’s ID in its store (Pinterest key `app_info.app_id`).'),
    app_name: text('App Name', 'The app name (Pinterest key `app_info.app_name`).'),
    app_package_name: text(
      'App Package Name',
      'The bundle or package name (Pinterest key `app_info.app_package_name`).'
    ),
    app_store: text('App Store', 'Where the app was installed from (Pinterest key `app_info.app_store`).'),
    app_version: text('App Version', 'The app version (Pinterest key `app_info.app_version`).'),
    install_time: {
      label: 'Install Time',
      description: 'When the app was installed (Pinterest key `app_info.install_time`, sent as unix seconds).',
      type: 'datetime'
    },
    user_agent: text('User Agent', 'The user agent of the app’s web view (Pinterest key `app_info.user_agent`).'),
    window_height: number(
      'Window Height',
      'The inner height of the app’s window in pixels (Pinterest key `app_info.window_height`).'
    ),
    window_width: number(
      'Window Width',
      'The inner width of the app’s window in pixels (Pinterest key `app_info.window_width`).'
    )
  },
  default: {
    app_name: path('$.context.app.name'),
    app_package_name: path('$.context.app.namespace'),
    app_version: path('$.context.app.version')
  }
}

export const deviceInfoField: InputField = {
  label: 'Device Info',
  description:
    'The device the conversion happened on (Pinterest object `device_info`), from `context.device`, `context.os`, `context.screen`, `context.network`, `context.locale` and `context.timezone`. Values over Pinterest’s limits or outside its lists are left out with a warning. Segment’s `context.screen.density` is a pixel ratio, not the PPI Pinterest asks for, so Screen Density has no default.',
  type: 'object',
  additionalProperties: false,
  properties: {
    brand: text('Brand', 'The device maker (Pinterest key `device_info.brand`).'),
    carrier: text('Carrier', 'The mobile network (Pinterest key `device_info.carrier`).'),
    model: text('Model', 'The device model (Pinterest key `device_info.model`).'),
    type: text('Type', 'The device type (Pinterest key `device_info.type`).'),
    os_name: text('OS Name', 'The operating system (Pinterest key `device_info.os_name`).'),
    os_version: text('OS Version', 'The operating system version (Pinterest key `device_info.os_version`).'),
    os_release_name: text(
      'OS Release Name',
      'The marketing name of the OS release (Pinterest key `device_info.os_release_name`).'
    ),
    os_family: text(
      'OS Family',
      'One of ios, android, macos, windows, linux, bsd, other (Pinterest key `device_info.os_family`). When empty, read from OS Name.'
    ),
    kernel_version: text('Kernel Version', 'The kernel version (Pinterest key `device_info.kernel_version`).'),
    locale: text('Locale', 'The device locale, BCP 47 such as en-US (Pinterest key `device_info.locale`).'),
    languages: {
      label: 'Languages',
      description: 'Installed languages as two-letter ISO 639-1 codes (Pinterest key `device_info.languages`).',
      type: 'string',
      multiple: true
    },
    timezone: text('Timezone', 'The device time zone, such as Europe/Paris (Pinterest key `device_info.timezone`).'),
    timezone_abbr: text('Timezone Abbreviation', 'Such as CET (Pinterest key `device_info.timezone_abbr`).'),
    form_factor: text(
      'Form Factor',
      'One of desktop, laptop, cellphone, tablet, smartwatch, tv, vr, console, other (Pinterest key `device_info.form_factor`).'
    ),
    network_type: text(
      'Network Type',
      'One of wifi, cellular_2g … cellular_6g, ethernet, unknown (Pinterest key `device_info.network_type`). When empty and Wi-Fi is true, wifi.'
    ),
    battery_level: number('Battery Level', 'Battery charge, 0 to 100 (Pinterest key `device_info.battery_level`).'),
    cpu_cores: number('CPU Cores', 'Number of CPU cores (Pinterest key `device_info.cpu_cores`).'),
    screen_density: number('Screen Density', 'Screen density in PPI (Pinterest key `device_info.screen_density`).'),
    screen_height: number('Screen Height', 'Screen height in pixels (Pinterest key `device_info.screen_height`).'),
    screen_width: number('Screen Width', 'Screen width in pixels (Pinterest key `device_info.screen_width`).'),
    storage_size: number('Storage Size', 'Internal storage in GB (Pinterest key `device_info.storage_size`).'),
    storage_free_space: number(
      'Storage Free Space',
      'Free internal storage in GB (Pinterest key `device_info.storage_free_space`).'
    ),
    external_storage_size: number(
      'External Storage Size',
      'External storage in GB (Pinterest key `device_info.external_storage_size`).'
    ),
    external_storage_free_space: number(
      'External Storage Free Space',
      'Free external storage in GB (Pinterest key `device_info.external_storage_free_space`).'
    )
  },
  default: {
    brand: path('$.context.device.manufacturer'),
    carrier: path('$.context.network.carrier'),
    model: path('$.context.device.model'),
    type: path('$.context.device.type'),
    os_name: path('$.context.os.name'),
    os_version: path('$.context.os.version'),
    locale: path('$.context.locale'),
    timezone: path('$.context.timezone'),
    screen_height: path('$.context.screen.height'),
    screen_width: path('$.context.screen.width')
  }
}
