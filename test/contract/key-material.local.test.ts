import {createKmsClient} from '../../src/lib/clients.js'
import {tempDir} from '../helpers/temp.js'
import {describeKeyMaterialContract} from './key-material-contract.js'

describeKeyMaterialContract('local backend, in process', () => {
  const home = tempDir()
  return {client: region => createKmsClient({backend: 'local', home, region})}
})
