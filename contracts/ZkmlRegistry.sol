// SPDX-License-Identifier: GPL-3.0-or-later
pragma solidity ^0.8.24;

import {ZkmlVerified} from "./ZkmlVerified.sol";

/// @title ZkmlRegistry
/// @notice A CREATE2 factory that deploys each (model hash, verifier code, signal count) once.
///
/// `deploy` creates the snarkjs verifier from its init code and a `ZkmlVerified` adapter for it,
/// both with salt `keyOf(...)`, and returns the existing pair on later calls. The key includes the
/// verifier's code hash, so nobody can squat a model hash with a different verifier: the same
/// model hash with other code gets another key. The registry has no owner and no other state.
contract ZkmlRegistry {
    /// @notice CREATE2 of the verifier failed (empty or reverting init code).
    error VerifierDeploymentFailed();

    /// @notice Emitted when a new verifier + adapter pair is deployed.
    event VerifierDeployed(bytes32 indexed key, bytes32 indexed modelHash, address verifier, address adapter);

    /// @notice Adapter deployed for a key (zero when none).
    mapping(bytes32 key => address adapter) public adapterOf;

    /// @notice The registry key of a model's verifier.
    function keyOf(bytes32 modelHash, bytes32 verifierCodeHash, uint256 publicSignalCount)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(modelHash, verifierCodeHash, publicSignalCount));
    }

    /// @notice Deploys the verifier and its adapter once per key; returns the existing pair after that.
    function deploy(bytes32 modelHash, bytes calldata verifierInitCode, uint256 publicSignalCount)
        external
        returns (address adapter, address verifier)
    {
        bytes32 key = keyOf(modelHash, keccak256(verifierInitCode), publicSignalCount);
        adapter = adapterOf[key];
        if (adapter != address(0)) return (adapter, ZkmlVerified(adapter).verifier());
        bytes memory code = verifierInitCode;
        assembly ("memory-safe") {
            verifier := create2(0, add(code, 32), mload(code), key)
        }
        if (verifier == address(0) || verifier.code.length == 0) revert VerifierDeploymentFailed();
        adapter = address(new ZkmlVerified{salt: key}(verifier, modelHash, publicSignalCount));
        adapterOf[key] = adapter;
        emit VerifierDeployed(key, modelHash, verifier, adapter);
    }
}
