// SPDX-License-Identifier: GPL-3.0-or-later
pragma solidity ^0.8.24;

import {ZkmlVerified} from "contracts/ZkmlVerified.sol";
import {TestToken} from "examples/shared/contracts/TestToken.sol";
import {TinyPool} from "examples/trading-vault/contracts/TinyPool.sol";

/// @title ProvenSignalVault
/// @notice A vault that trades its two tokens on a pool only when a trader proves the pinned
/// model's signal (after Modulus Labs' RockyBot): the model's input stays with the trader, its
/// output (0 hold, 1 up, 2 down) is public and proven.
///
/// What a trade requires, checked in this order:
/// 1. the caller is a registered trader (`NotTrader`);
/// 2. the proof's `message` signal is `(nonce << 160) | uint160(caller)`: bound to the caller
///    (`SignalForAnotherTrader`: someone copied the proof from the mempool) and to the caller's
///    next nonce (`SignalReplayed` for a used nonce, `NonceMismatch` for any other);
/// 3. the Groth16 proof holds for the verifier whose key hash the constructor pinned
///    (`InvalidProof` for a tampered signal, another model's proof, or garbage);
/// 4. the signal is a class the vault knows (`UnknownSignal`; a valid proof never gives one).
/// The nonce is spent before the swap, so each proof acts at most once.
///
/// What the proof does not show: that the model's input is real market data. The trader chooses
/// the input; the proof shows that the pinned model gave this signal on *some* input in its range
/// (for a 3-class MLP, an input for any class is easy to find). The model is compiled with a hashed
/// input, so every trade carries (and the `Traded` event logs) a salted Poseidon commitment to the
/// exact input: the trader can be held to it afterwards by opening it to an auditor, who checks the
/// features against the market history. Registering traders is the owner's trust decision.
contract ProvenSignalVault is ZkmlVerified {
    /// @notice The model's classes, by proven index.
    enum Signal {
        Hold,
        Up,
        Down
    }

    /// @notice The statement's verifier carries another key than the one this vault pins.
    error WrongModel(bytes32 expected, bytes32 actual);
    /// @notice The constructor's layout is inconsistent (signal or input-hash index, missing message, bps).
    error InvalidLayout();
    /// @notice Only the owner manages traders.
    error NotOwner(address caller);
    /// @notice The caller is not a registered trader.
    error NotTrader(address caller);
    /// @notice The proof is bound to another trader (a copied or front-run proof).
    error SignalForAnotherTrader(address boundTo, address caller);
    /// @notice The proof's nonce was already used by this trader (a replay).
    error SignalReplayed(uint256 nonce, uint256 next);
    /// @notice The proof's nonce is not the trader's next one.
    error NonceMismatch(uint256 expected, uint256 actual);
    /// @notice The proven output is not a class of the model.
    error UnknownSignal(uint256 value);

    /// @notice One accepted signal: the trade it made (zero amounts for `Hold`).
    /// @param inputHash The proof's salted commitment to the trader's private input.
    event Traded(
        address indexed trader,
        uint256 indexed nonce,
        Signal signal,
        address tokenIn,
        uint256 amountIn,
        uint256 amountOut,
        uint256 inputHash
    );
    event TraderSet(address indexed trader, bool allowed);

    TestToken public immutable base;
    TestToken public immutable quote;
    TinyPool public immutable pool;
    address public immutable owner;
    /// @notice Share of the sold token's balance each trade sells, in basis points.
    uint256 public immutable tradeBps;
    /// @notice Index of the proven class in the public signals.
    uint256 public immutable signalIndex;
    /// @notice Index of the input commitment in the public signals.
    uint256 public immutable inputHashIndex;

    mapping(address => bool) public isTrader;
    /// @notice The nonce the trader's next proof must carry.
    mapping(address => uint256) public nonces;

    /// @param verifier_ The model's generated Groth16 verifier.
    /// @param statement_ The model's statement (`adapterStatement(verifierArtifacts(…))`); needs a message signal.
    /// @param expectedVkeyHash The key this vault trusts (the manifest's `vkeyHash`).
    /// @param signalIndex_ Where the proven class lies in the public signals (the manifest's layout).
    /// @param inputHashIndex_ Where the input commitment lies.
    constructor(
        address verifier_,
        Statement memory statement_,
        bytes32 expectedVkeyHash,
        uint256 signalIndex_,
        uint256 inputHashIndex_,
        TinyPool pool_,
        uint256 tradeBps_
    ) ZkmlVerified(verifier_, statement_) {
        if (statement_.vkeyHash != expectedVkeyHash) revert WrongModel(expectedVkeyHash, statement_.vkeyHash);
        uint256 n = statement_.publicSignalCount;
        if (statement_.messageIndex == NONE || signalIndex_ >= n || inputHashIndex_ >= n) revert InvalidLayout();
        if (signalIndex_ == statement_.messageIndex || inputHashIndex_ == statement_.messageIndex || signalIndex_ == inputHashIndex_) revert InvalidLayout();
        if (tradeBps_ == 0 || tradeBps_ > 10_000) revert InvalidLayout();
        pool = pool_;
        base = pool_.base();
        quote = pool_.quote();
        owner = msg.sender;
        tradeBps = tradeBps_;
        signalIndex = signalIndex_;
        inputHashIndex = inputHashIndex_;
    }

    /// @notice Registers or removes a trader (owner only).
    function setTrader(address trader, bool allowed) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        isTrader[trader] = allowed;
        emit TraderSet(trader, allowed);
    }

    /// @notice The message the trader's next proof must be bound to: `(nonce << 160) | uint160(trader)`.
    function messageFor(address trader) public view returns (uint256) {
        return (nonces[trader] << 160) | uint160(trader);
    }

    /// @notice Acts on a proven signal: Up buys base with `tradeBps` of the quote balance, Down sells
    /// `tradeBps` of the base balance, Hold only spends the nonce.
    /// @param minOut The least the swap may pay (the caller's slippage bound; ignored for Hold).
    /// @return amountOut What the swap paid the vault.
    function trade(
        uint256[2] calldata a,
        uint256[2][2] calldata b,
        uint256[2] calldata c,
        uint256[] calldata publicSignals,
        uint256 minOut
    ) external returns (uint256 amountOut) {
        uint256 nonce = _checkBinding(publicSignals);
        _verifyProofWithMessage(a, b, c, publicSignals, messageFor(msg.sender));
        uint256 value = publicSignals[signalIndex];
        if (value > uint256(type(Signal).max)) revert UnknownSignal(value);
        nonces[msg.sender] = nonce + 1;
        return _execute(Signal(value), nonce, minOut, publicSignals[inputHashIndex]);
    }

    /// @dev Steps 1–2: a registered caller, a proof bound to it and to its next nonce.
    /// @return nonce The trader's next nonce (the one the proof carries).
    function _checkBinding(uint256[] calldata publicSignals) private view returns (uint256 nonce) {
        if (!isTrader[msg.sender]) revert NotTrader(msg.sender);
        uint256 message = messageOf(publicSignals);
        address boundTo = address(uint160(message));
        if (boundTo != msg.sender) revert SignalForAnotherTrader(boundTo, msg.sender);
        uint256 proven = message >> 160;
        nonce = nonces[msg.sender];
        if (proven < nonce) revert SignalReplayed(proven, nonce);
        if (proven != nonce) revert NonceMismatch(nonce, proven);
    }

    /// @dev The trade a signal asks for (after the nonce is spent), and its event.
    function _execute(Signal signal, uint256 nonce, uint256 minOut, uint256 inputHash) private returns (uint256 amountOut) {
        address tokenIn;
        uint256 amountIn;
        if (signal != Signal.Hold) {
            TestToken sell = signal == Signal.Up ? quote : base;
            tokenIn = address(sell);
            amountIn = (sell.balanceOf(address(this)) * tradeBps) / 10_000;
            sell.approve(address(pool), amountIn);
            amountOut = pool.swap(tokenIn, amountIn, minOut, address(this));
        }
        emit Traded(msg.sender, nonce, signal, tokenIn, amountIn, amountOut, inputHash);
    }
}
