#!/usr/bin/env node
'use strict'
/**
 * The floor of durable ingest, for `npm run bench`: a bare Node HTTP server that reads each
 * request, parses it as JSON, appends it to a file and fsyncs before answering 200. No write
 * key, routing, dedup, queue or delivery: what any durable HTTP ingest on this machine and this
 * load pays at least. Run as its own process (`node scripts/bench-floor.js FILE`); it prints its
 * URL on stdout.
 */
const fs = require('fs')
const http = require('http')

const fd = fs.openSync(process.argv[2], 'a')

function persist(body) {
  return new Promise((resolve, reject) => {
    fs.write(fd, body, (error) => {
      if (error) return reject(error)
      fs.fsync(fd, (synced) => (synced ? reject(synced) : resolve()))
    })
  })
}

const server = http.createServer((request, response) => {
  const chunks = []
  request.on('data', (chunk) => chunks.push(chunk))
  request.on('end', () => {
    const body = Buffer.concat(chunks)
    let answer = { status: 200, text: '{"success":true}' }
    try {
      JSON.parse(body.toString('utf8'))
    } catch {
      answer = { status: 400, text: '{"error":"not JSON"}' }
    }
    const done = () => {
      response.writeHead(answer.status, { 'content-type': 'application/json' })
      response.end(answer.text)
    }
    if (answer.status !== 200) return done()
    persist(body).then(done, (error) => {
      answer = { status: 503, text: JSON.stringify({ error: error.message }) }
      done()
    })
  })
})
server.keepAliveTimeout = 65_000
server.listen(0, '127.0.0.1', () => process.stdout.write(`url http://127.0.0.1:${server.address().port}\n`))
