import {createKmsClient} from '../../src/lib/clients.js'
import {tempDir} from '../helpers/temp.js'
import {describeKmsContract} from './kms-contract.js'

describeKmsContract('local backend, in process', () => {
  const home = tempDir()
  return {client: region => createKmsClient({backend: 'local', home, region})}
})
