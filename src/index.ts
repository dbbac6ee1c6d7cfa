import destination from './destinations/pinterest-conversions'

export { destination }
export default destination
