/**
 * Our JSON Schema of Pinterest's events request, stricter than Pinterest's own (see its $comment).
 * A module rather than a .json file: Segment's monorepo builds destinations from .ts files
 * only, and a JSON import does not compile there.
 */
export const eventsRequestSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:pinterest-conversions:events-request',
  title: 'Pinterest Conversions API v5: POST /v5/ad_accounts/{ad_account_id}/events request body',
  $comment:
    "Written from Pinterest's OpenAPI request schema (5.23, with 5.28's contents[].item_brand_id) and conversion guides, and stricter than it: additionalProperties false everywhere (user_data included), no nulls, hashed keys as non-empty arrays of lowercase hex SHA-256 digests, money as decimal strings, event_name and action_source limited to the documented values, language as a two-letter code, and the user_data identifier rule (em, or hashed_maids, or client_ip_address with client_user_agent). Also stricter: the maxima we send (src/destinations/pinterest-conversions/limits.ts, kept equal by a test): Pinterest's own app_info/device_info maxima for the top-level app and device keys and 16384 for client_user_agent (app_info.user_agent), 256 for identifiers, 1024 for free text, 8192 for event_source_url, 45 for client_ip_address (the longest IPv6 text), at most 10 digests per hashed key, at most 500 contents and content_ids, and quantity and num_items at most 2147483647. Lengths count characters (code points), as JSON Schema does.",
  type: 'object',
  additionalProperties: false,
  required: ['data'],
  properties: {
    data: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      items: {
        $ref: '#/definitions/event'
      }
    }
  },
  definitions: {
    digests: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: {
        type: 'string',
        pattern: '^[0-9a-f]{64}$'
      },
      maxItems: 10
    },
    decimal: {
      type: 'string',
      pattern: '^-?[0-9]+(\\.[0-9]+)?$'
    },
    event: {
      type: 'object',
      additionalProperties: false,
      required: ['event_name', 'action_source', 'event_time', 'event_id', 'user_data'],
      properties: {
        event_name: {
          type: 'string',
          enum: [
            'add_payment_info',
            'add_to_cart',
            'add_to_wishlist',
            'app_install',
            'app_open',
            'checkout',
            'contact',
            'custom',
            'customize_product',
            'find_location',
            'initiate_checkout',
            'lead',
            'page_visit',
            'schedule',
            'search',
            'signup',
            'start_trial',
            'submit_application',
            'subscribe',
            'view_category',
            'view_content',
            'watch_video'
          ]
        },
        action_source: {
          type: 'string',
          enum: ['web', 'app_android', 'app_ios', 'offline']
        },
        event_time: {
          type: 'integer',
          minimum: 0
        },
        event_id: {
          type: 'string',
          minLength: 1,
          maxLength: 256
        },
        user_data: {
          $ref: '#/definitions/user_data'
        },
        custom_data: {
          $ref: '#/definitions/custom_data'
        },
        event_source_url: {
          type: 'string',
          minLength: 1,
          maxLength: 8192
        },
        opt_out: {
          type: 'boolean'
        },
        partner_name: {
          type: 'string',
          minLength: 1,
          maxLength: 256
        },
        app_id: {
          type: 'string',
          minLength: 1,
          maxLength: 200
        },
        app_name: {
          type: 'string',
          minLength: 1,
          maxLength: 200
        },
        app_version: {
          type: 'string',
          minLength: 1,
          maxLength: 100
        },
        device_brand: {
          type: 'string',
          minLength: 1,
          maxLength: 100
        },
        device_carrier: {
          type: 'string',
          minLength: 1,
          maxLength: 100
        },
        device_model: {
          type: 'string',
          minLength: 1,
          maxLength: 100
        },
        device_type: {
          type: 'string',
          minLength: 1,
          maxLength: 100
        },
        os_version: {
          type: 'string',
          minLength: 1,
          maxLength: 100
        },
        wifi: {
          type: 'boolean'
        },
        language: {
          type: 'string',
          pattern: '^[a-z]{2}$'
        },
        app_info: {
          $ref: '#/definitions/app_info'
        },
        device_info: {
          $ref: '#/definitions/device_info'
        }
      }
    },
    user_data: {
      type: 'object',
      additionalProperties: false,
      properties: {
        em: {
          $ref: '#/definitions/digests'
        },
        ph: {
          $ref: '#/definitions/digests'
        },
        ge: {
          $ref: '#/definitions/digests'
        },
        db: {
          $ref: '#/definitions/digests'
        },
        fn: {
          $ref: '#/definitions/digests'
        },
        ln: {
          $ref: '#/definitions/digests'
        },
        ct: {
          $ref: '#/definitions/digests'
        },
        st: {
          $ref: '#/definitions/digests'
        },
        zp: {
          $ref: '#/definitions/digests'
        },
        country: {
          $ref: '#/definitions/digests'
        },
        external_id: {
          $ref: '#/definitions/digests'
        },
        hashed_maids: {
          $ref: '#/definitions/digests'
        },
        client_ip_address: {
          type: 'string',
          minLength: 1,
          maxLength: 45
        },
        client_user_agent: {
          type: 'string',
          minLength: 1,
          maxLength: 16384
        },
        click_id: {
          type: 'string',
          minLength: 1,
          maxLength: 256
        },
        partner_id: {
          type: 'string',
          minLength: 1,
          maxLength: 256
        }
      },
      anyOf: [
        {
          required: ['em']
        },
        {
          required: ['hashed_maids']
        },
        {
          required: ['client_ip_address', 'client_user_agent']
        }
      ]
    },
    custom_data: {
      type: 'object',
      additionalProperties: false,
      properties: {
        currency: {
          type: 'string',
          pattern: '^[A-Z]{3}$'
        },
        value: {
          $ref: '#/definitions/decimal'
        },
        content_ids: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'string',
            minLength: 1,
            maxLength: 256
          },
          maxItems: 500
        },
        content_name: {
          type: 'string',
          minLength: 1,
          maxLength: 1024
        },
        content_category: {
          type: 'string',
          minLength: 1,
          maxLength: 1024
        },
        content_brand: {
          type: 'string',
          minLength: 1,
          maxLength: 1024
        },
        contents: {
          type: 'array',
          minItems: 1,
          items: {
            $ref: '#/definitions/content'
          },
          maxItems: 500
        },
        num_items: {
          type: 'integer',
          minimum: 0,
          maximum: 2147483647
        },
        order_id: {
          type: 'string',
          minLength: 1,
          maxLength: 256
        },
        search_string: {
          type: 'string',
          minLength: 1,
          maxLength: 1024
        },
        opt_out_type: {
          type: 'string',
          minLength: 1,
          maxLength: 256
        },
        predicted_ltv: {
          $ref: '#/definitions/decimal'
        },
        np: {
          type: 'string',
          minLength: 1
        }
      }
    },
    content: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        id: {
          type: 'string',
          minLength: 1,
          maxLength: 256
        },
        item_price: {
          $ref: '#/definitions/decimal'
        },
        quantity: {
          type: 'integer',
          minimum: 0,
          maximum: 2147483647
        },
        item_name: {
          type: 'string',
          minLength: 1,
          maxLength: 1024
        },
        item_category: {
          type: 'string',
          minLength: 1,
          maxLength: 1024
        },
        item_brand: {
          type: 'string',
          minLength: 1,
          maxLength: 1024
        },
        item_brand_id: {
          type: 'string',
          minLength: 1,
          maxLength: 64
        }
      }
    },
    app_info: {
      type: 'object',
      additionalProperties: false,
      properties: {
        app_id: {
          type: 'string',
          maxLength: 200,
          minLength: 1
        },
        app_name: {
          type: 'string',
          maxLength: 200,
          minLength: 1
        },
        app_package_name: {
          type: 'string',
          maxLength: 200,
          minLength: 1
        },
        app_store: {
          type: 'string',
          maxLength: 100,
          minLength: 1
        },
        app_version: {
          type: 'string',
          maxLength: 100,
          minLength: 1
        },
        install_time: {
          type: 'integer',
          minimum: 0
        },
        user_agent: {
          type: 'string',
          maxLength: 16384,
          minLength: 1
        },
        window_height: {
          type: 'integer',
          minimum: 0,
          maximum: 30720
        },
        window_width: {
          type: 'integer',
          minimum: 0,
          maximum: 30720
        }
      },
      minProperties: 1
    },
    device_info: {
      type: 'object',
      additionalProperties: false,
      properties: {
        brand: {
          type: 'string',
          maxLength: 100,
          minLength: 1
        },
        carrier: {
          type: 'string',
          maxLength: 100,
          minLength: 1
        },
        model: {
          type: 'string',
          maxLength: 100,
          minLength: 1
        },
        type: {
          type: 'string',
          maxLength: 100,
          minLength: 1
        },
        os_version: {
          type: 'string',
          maxLength: 100,
          minLength: 1
        },
        os_name: {
          type: 'string',
          maxLength: 100,
          minLength: 1
        },
        os_release_name: {
          type: 'string',
          maxLength: 100,
          minLength: 1
        },
        kernel_version: {
          type: 'string',
          maxLength: 100,
          minLength: 1
        },
        locale: {
          type: 'string',
          maxLength: 35,
          minLength: 1
        },
        timezone: {
          type: 'string',
          maxLength: 40,
          minLength: 1
        },
        timezone_abbr: {
          type: 'string',
          maxLength: 5,
          minLength: 1
        },
        languages: {
          type: 'array',
          maxItems: 100,
          items: {
            type: 'string',
            pattern: '^[a-z]{2}$'
          },
          minItems: 1
        },
        form_factor: {
          type: 'string',
          enum: ['desktop', 'laptop', 'cellphone', 'tablet', 'smartwatch', 'tv', 'vr', 'console', 'other']
        },
        network_type: {
          type: 'string',
          enum: [
            'wifi',
            'cellular_2g',
            'cellular_3g',
            'cellular_4g',
            'cellular_5g',
            'cellular_6g',
            'ethernet',
            'unknown'
          ]
        },
        os_family: {
          type: 'string',
          enum: ['ios', 'android', 'macos', 'windows', 'linux', 'bsd', 'other']
        },
        battery_level: {
          type: 'integer',
          minimum: 0,
          maximum: 100
        },
        cpu_cores: {
          type: 'integer',
          minimum: 0,
          maximum: 1152
        },
        storage_size: {
          type: 'integer',
          minimum: 0,
          maximum: 1048576
        },
        storage_free_space: {
          type: 'integer',
          minimum: 0,
          maximum: 1048576
        },
        external_storage_size: {
          type: 'integer',
          minimum: 0,
          maximum: 1048576
        },
        external_storage_free_space: {
          type: 'integer',
          minimum: 0,
          maximum: 1048576
        },
        screen_density: {
          type: 'integer',
          minimum: 0,
          maximum: 100000
        },
        screen_height: {
          type: 'integer',
          minimum: 0,
          maximum: 30720
        },
        screen_width: {
          type: 'integer',
          minimum: 0,
          maximum: 30720
        }
      },
      minProperties: 1
    }
  }
}
