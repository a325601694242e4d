import {startTestServer} from '../helpers/server.js'
import {describeKeyMaterialContract} from '../contract/key-material-contract.js'

describeKeyMaterialContract('kms local serve, over HTTP', async () => startTestServer())
