// SPDX-License-Identifier: GPL-3.0-or-later
pragma solidity ^0.8.24;

import {ZkmlVerified} from "./ZkmlVerified.sol";

/// @title ZkmlRegistry
/// @notice A CREATE2 factory that deploys each (statement, verifier code) pair once.
///
/// `deploy` creates the snarkjs verifier from its init code and a `ZkmlVerified` adapter for it,
/// both with salt `keyOf(...)`, and returns the existing pair on later calls. The key covers the
/// whole statement (model hash, `vkeyHash`, signal count, hidden-weights pin, message index) and the
/// verifier's init-code hash, and the adapter's constructor requires the verifier to report the
/// statement's `vkeyHash`. So the adapter found under `keyOf(statement, keccak256(initCode))` for
/// artifacts you hold runs exactly that verifier code: pin that key (or the adapter address), never
/// a bare `modelHash`, which anyone can deploy under. The registry has no owner and no other state.
contract ZkmlRegistry {
    /// @notice CREATE2 of the verifier failed (empty or reverting init code).
    error VerifierDeploymentFailed();

    /// @notice Emitted when a new verifier + adapter pair is deployed.
    event VerifierDeployed(
        bytes32 indexed key, bytes32 indexed modelHash, bytes32 indexed vkeyHash, address verifier, address adapter
    );

    /// @notice Adapter deployed for a key (zero when none).
    mapping(bytes32 key => address adapter) public adapterOf;

    /// @notice The registry key of a deployment: `keccak256(abi.encode(statement, verifierCodeHash))`.
    function keyOf(ZkmlVerified.Statement calldata statement, bytes32 verifierCodeHash) public pure returns (bytes32) {
        return keccak256(abi.encode(statement, verifierCodeHash));
    }

    /// @notice Deploys the verifier and its adapter once per key; returns the existing pair after that.
    /// @dev Reverts with the adapter's errors (e.g. `VkeyHashMismatch`) when the statement does not fit the verifier.
    function deploy(ZkmlVerified.Statement calldata statement, bytes calldata verifierInitCode)
        external
        returns (address adapter, address verifier)
    {
        bytes32 key = keyOf(statement, keccak256(verifierInitCode));
        adapter = adapterOf[key];
        if (adapter != address(0)) return (adapter, ZkmlVerified(adapter).verifier());
        bytes memory code = verifierInitCode;
        assembly ("memory-safe") {
            verifier := create2(0, add(code, 32), mload(code), key)
        }
        if (verifier == address(0) || verifier.code.length == 0) revert VerifierDeploymentFailed();
        adapter = address(new ZkmlVerified{salt: key}(verifier, statement));
        adapterOf[key] = adapter;
        emit VerifierDeployed(key, statement.modelHash, statement.vkeyHash, verifier, adapter);
    }
}
