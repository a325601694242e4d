import {startTestServer} from '../helpers/server.js'
import {describeKmsContract} from '../contract/kms-contract.js'

describeKmsContract('kms local serve, over HTTP', async () => startTestServer())
