declare module 'provinces' {
  interface Province {
    name: string
    country: string
    short?: string
    alt?: string[]
    english?: string
    region?: string
  }
  const provinces: Province[]
  export = provinces
}
