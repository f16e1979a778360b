// SPDX-License-Identifier: GPL-3.0-or-later
pragma solidity ^0.8.24;

import {ZkmlVerified} from "contracts/ZkmlVerified.sol";
import {TestToken} from "examples/shared/contracts/TestToken.sol";

/// @title HumanGate
/// @notice A faucet behind a proof-of-human captcha (after Zkaptcha): an address claims `drip`
/// tokens once per epoch with a proof that the pinned classifier scored its pointer movement
/// "human" at or above `minScore`. The movement (and the features computed from it) stay in the
/// user's browser; the proof's public signals are the score and the message.
///
/// What a claim requires, checked in this order:
/// 1. the proof's `message` signal is `(epoch << 160) | uint160(msg.sender)`: bound to the caller
///    (`ProofForAnotherAddress`: a copied or front-run proof) and to the current epoch
///    (`WrongEpoch`: a proof made for an earlier or later epoch);
/// 2. the caller has not claimed in this epoch (`AlreadyClaimed`);
/// 3. the Groth16 proof holds for the verifier whose key hash the constructor pinned (`InvalidProof`);
/// 4. the proven score is at least `minScore` (`NotHuman`).
///
/// What the proof does not show: that the features came from a real pointer. The proof says the
/// pinned model scored *some* feature vector as human; a bot that reads the page can compute a
/// human-looking vector and prove it. What the gate does enforce is the rate (one claim per address
/// per epoch, with a proof made for that address and epoch) while learning nothing about the user's
/// movement. See examples/captcha/README.md.
contract HumanGate is ZkmlVerified {
    /// @notice The statement's verifier carries another key than the one this gate pins.
    error WrongModel(bytes32 expected, bytes32 actual);
    /// @notice The constructor's layout is inconsistent (score index, missing message, zero epoch length).
    error InvalidLayout();
    /// @notice The proof is bound to another address (a copied or front-run proof).
    error ProofForAnotherAddress(address boundTo, address caller);
    /// @notice The proof is bound to another epoch than the current one.
    error WrongEpoch(uint256 current, uint256 proven);
    /// @notice The caller already claimed in this epoch.
    error AlreadyClaimed(address account, uint256 epoch);
    /// @notice The proof is valid but the classifier's score is below the threshold.
    error NotHuman(int256 score, int256 minScore);

    event Claimed(address indexed account, uint256 indexed epoch, int256 score, uint256 amount);

    /// @dev BN254 scalar field order: public signals are field elements, negative values are r − |x|.
    uint256 private constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    TestToken public immutable token;
    /// @notice Tokens per claim.
    uint256 public immutable drip;
    /// @notice Seconds per epoch (`epoch = block.timestamp / epochLength`).
    uint256 public immutable epochLength;
    /// @notice The least proven score that counts as human, in the model output's integer units.
    int256 public immutable minScore;
    /// @notice Index of the score in the public signals.
    uint256 public immutable scoreIndex;

    /// @notice Whether an address claimed in an epoch.
    mapping(uint256 => mapping(address => bool)) public claimed;

    /// @param verifier_ The classifier's generated Groth16 verifier.
    /// @param statement_ The classifier's statement (`adapterStatement(verifierArtifacts(…))`); needs a message signal.
    /// @param expectedVkeyHash The key this gate trusts (the manifest's `vkeyHash`).
    /// @param scoreIndex_ Where the score lies in the public signals (the manifest's layout).
    /// @param minScore_ The threshold, as an integer at the output's scale (`ceil(threshold · 2^scale)`).
    constructor(
        address verifier_,
        Statement memory statement_,
        bytes32 expectedVkeyHash,
        uint256 scoreIndex_,
        int256 minScore_,
        TestToken token_,
        uint256 drip_,
        uint256 epochLength_
    ) ZkmlVerified(verifier_, statement_) {
        if (statement_.vkeyHash != expectedVkeyHash) revert WrongModel(expectedVkeyHash, statement_.vkeyHash);
        if (statement_.messageIndex == NONE || scoreIndex_ >= statement_.publicSignalCount || scoreIndex_ == statement_.messageIndex) revert InvalidLayout();
        if (epochLength_ == 0) revert InvalidLayout();
        token = token_;
        drip = drip_;
        epochLength = epochLength_;
        minScore = minScore_;
        scoreIndex = scoreIndex_;
    }

    /// @notice The current epoch.
    function currentEpoch() public view returns (uint256) {
        return block.timestamp / epochLength;
    }

    /// @notice The message a proof for `account` must be bound to now: `(epoch << 160) | uint160(account)`.
    function messageFor(address account) external view returns (uint256) {
        return (currentEpoch() << 160) | uint160(account);
    }

    /// @notice Claims `drip` tokens for the caller with a proof of a human score.
    function claim(
        uint256[2] calldata a,
        uint256[2][2] calldata b,
        uint256[2] calldata c,
        uint256[] calldata publicSignals
    ) external {
        uint256 message = messageOf(publicSignals);
        address boundTo = address(uint160(message));
        if (boundTo != msg.sender) revert ProofForAnotherAddress(boundTo, msg.sender);
        uint256 epoch = currentEpoch();
        if (message >> 160 != epoch) revert WrongEpoch(epoch, message >> 160);
        if (claimed[epoch][msg.sender]) revert AlreadyClaimed(msg.sender, epoch);
        _verifyProofWithMessage(a, b, c, publicSignals, (epoch << 160) | uint160(msg.sender));
        int256 score = _signed(publicSignals[scoreIndex]);
        if (score < minScore) revert NotHuman(score, minScore);
        claimed[epoch][msg.sender] = true;
        token.transfer(msg.sender, drip);
        emit Claimed(msg.sender, epoch, score, drip);
    }

    /// @dev A field element as the signed integer it encodes (values above r/2 are negative).
    function _signed(uint256 x) private pure returns (int256) {
        return x > R / 2 ? -int256(R - x) : int256(x);
    }
}
